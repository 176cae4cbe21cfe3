#!/usr/bin/env bash
# Installs what building and testing cxkpi needs, skipping what is already there:
#   rust     the wasm32-unknown-unknown target, rustfmt, clippy, and (by cargo install)
#            wasm-bindgen-cli at the version in Cargo.lock and wasm-pack at WASM_PACK_VERSION
#   node     npm ci: playwright-core (browser driver), binaryen (wasm-opt), and vite + typescript (the
#            examples/vite build and type check), pinned in package-lock.json
#   browser  Debian's chromium and chromium-driver (apt-get, with sudo when not root)
#   fuzz     nightly Rust (minimal profile) and cargo-fuzz at CARGO_FUZZ_VERSION; only for
#            scripts/fuzz-smoke.sh, not part of the default set
# Usage: bash scripts/setup.sh [rust] [node] [browser] [fuzz]   (no argument: rust, node, browser)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
CARGO_FUZZ_VERSION=0.13.2
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

say() { printf 'setup: %s\n' "$*"; }

# The version of a package recorded in Cargo.lock.
locked_version() {
  sed -n "/^name = \"$1\"\$/{n;s/^version = \"\(.*\)\"\$/\1/p;q}" Cargo.lock
}

# cargo install NAME at VERSION unless `BIN --version` already prints it.
cargo_tool() {
  local name=$1 bin=$2 version=$3
  if [ "$("$bin" --version 2>/dev/null || true)" = "$bin $version" ]; then
    say "$bin $version present"
  else
    say "installing $name $version (cargo install, a few minutes)"
    cargo install "$name" --version "$version" --force
  fi
}

setup_rust() {
  command -v cargo >/dev/null || { echo "setup: cargo not found: install Rust with rustup first" >&2; exit 1; }
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32-unknown-unknown present"
  else
    rustup target add wasm32-unknown-unknown
  fi
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  local bindgen
  bindgen=$(locked_version wasm-bindgen)
  [ -n "$bindgen" ] || { echo "setup: wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
  cargo_tool wasm-bindgen-cli wasm-bindgen "$bindgen"
  cargo_tool wasm-pack wasm-pack "$WASM_PACK_VERSION"
}

setup_node() {
  command -v npm >/dev/null || { echo "setup: npm not found: install Node.js 20 or later" >&2; exit 1; }
  local stamp=node_modules/.cxkpi-lock.sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "node_modules matches package-lock.json"
  else
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
}

setup_browser() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "chromium present: $(chromium --version 2>/dev/null || echo '?')"
    return
  fi
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  say "installing chromium and chromium-driver (apt-get)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver
}

setup_fuzz() {
  if rustup toolchain list | grep -q '^nightly'; then
    say "rust nightly present"
  else
    rustup toolchain install nightly --profile minimal
  fi
  cargo_tool cargo-fuzz cargo-fuzz "$CARGO_FUZZ_VERSION"
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rust node browser)
for part in "${parts[@]}"; do
  case $part in
    rust | node | browser | fuzz) "setup_$part" ;;
    *) echo "setup: unknown part '$part' (rust, node, browser, fuzz)" >&2; exit 2 ;;
  esac
done

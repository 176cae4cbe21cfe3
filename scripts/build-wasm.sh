#!/usr/bin/env bash
# Builds the two wasm modules into www/pkg, each with wasm-pack (release, --target web,
# rustc opt-level "s"), then binaryen's wasm-opt -O3 (flags below); prints their sizes raw and gzipped and
# fails when one is over its budget (below):
#   cxkpi          the engine, without the `archive` feature: every page loads it
#   cxkpi_archive  crates/cxkpi-archive: the ZIP/.xlsx reader, fetched only when such a
#                  file is dropped (docs/DECISIONS.md, "Reading files")
# -O3 and -Oz came out within 1 % of each other in size, so we keep the faster code.
# --converge repeats -O3's passes while the module shrinks: 0.1 % smaller, no slower.
# --low-memory-unused lets wasm-opt fold `p + C` (C < 1024) into a load's offset,
# which differs from the add only when p + C wraps past 4 GiB into the low 1 KiB:
# valid Rust pointers never wrap, and the low 1 KiB is the bottom of the 1 MiB
# stack (rustc links the stack first), reached only by an overflowing stack, and
# then the load traps instead of reading. About 1 KB gzipped smaller, no slower.
# --strip-target-features drops a custom section only linkers read.
# rustc's opt-level "s" (for wasm only; native builds keep 3) cut the gzipped
# module from 403.5 KB to 375.0 KB and loaded 1e6 tickets in node no slower
# (benches/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${CXKPI_SETUP_DONE:-}" = 1 ] || bash scripts/setup.sh rust node
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

out=$PWD/www/pkg
# The features rustc enables for wasm32-unknown-unknown (the module's target_features
# section); wasm-opt must accept them all or it rejects the module.
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong
  --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-reference-types --enable-sign-ext)

# build CRATE_DIR NAME BUDGET [cargo args...]: fails when the module gzips to more than BUDGET bytes
build() {
  local dir=$1 name=$2 budget=$3
  shift 3
  CARGO_PROFILE_RELEASE_OPT_LEVEL=s wasm-pack --log-level warn build "$dir" --target web --release \
    --no-pack --out-dir "$out" --out-name "$name" -- "$@"
  local wasm="$out/${name}_bg.wasm" before raw gz
  before=$(wc -c <"$wasm")
  node_modules/.bin/wasm-opt "$wasm" -O3 --converge --low-memory-unused --strip-target-features "${features[@]}" --strip-debug --strip-producers -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  raw=$(wc -c <"$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  printf 'build-wasm: %s: %d bytes (%d before wasm-opt), %d gzipped\n' "${wasm#"$PWD/"}" "$raw" "$before" "$gz"
  if [ "$gz" -gt "$budget" ]; then
    printf 'build-wasm: %s is over its budget of %d bytes gzipped (benches/RESULTS.md, "wasm package")\n' "$name" "$budget" >&2
    return 1
  fi
}

# Budgets: issue 7 asks for the page's wasm ≤ 400 KB gzipped. The archive module
# is fetched only for .xlsx/.zip files; its budget keeps it from growing unseen.
build . cxkpi 400000 --no-default-features
build crates/cxkpi-archive cxkpi_archive 300000

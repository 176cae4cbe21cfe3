#!/usr/bin/env bash
# Builds the wasm package into www/pkg: wasm-pack (release, --target web, rustc
# opt-level "s"), then binaryen's wasm-opt -O3, then prints the .wasm size raw and gzipped.
# -O3 and -Oz came out within 1 % of each other in size, so we keep the faster code.
# rustc's opt-level "s" (for wasm only; native builds keep 3) cut the gzipped
# module from 403.5 KB to 375.0 KB and loaded 1e6 tickets in node no slower
# (benches/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${CXKPI_SETUP_DONE:-}" = 1 ] || bash scripts/setup.sh rust node
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

out=www/pkg
CARGO_PROFILE_RELEASE_OPT_LEVEL=s wasm-pack --log-level warn build --target web --release --no-pack --out-dir "$out" --out-name cxkpi
wasm="$out/cxkpi_bg.wasm"
before=$(wc -c <"$wasm")

# The features rustc enables for wasm32-unknown-unknown (the module's target_features
# section); wasm-opt must accept them all or it rejects the module.
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong
  --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-reference-types --enable-sign-ext)
node_modules/.bin/wasm-opt "$wasm" -O3 "${features[@]}" --strip-debug --strip-producers -o "$wasm.opt"
mv "$wasm.opt" "$wasm"

raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'build-wasm: %s: %d bytes (%d before wasm-opt), %d gzipped\n' "$wasm" "$raw" "$before" "$gz"

#!/usr/bin/env bash
# Sets up, builds the release CLI and the wasm package (www/pkg), and prints the
# report of the bundled sample dataset (tests/data/sample, made by scripts/gen-sample.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh rust node
export CXKPI_SETUP_DONE=1
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

build() {
  cargo build --release
  bash scripts/build-wasm.sh
}

report_sample() {
  local cli="${CARGO_TARGET_DIR:-target}/release/cxkpi" sample=tests/data/sample
  printf '\n==== cxkpi report --config %s/config.json %s/*.csv\n' "$sample" "$sample" >&2
  "$cli" report --config "$sample/config.json" "$sample"/*.csv
}

build
report_sample
# When www/index.html exists, the page takes over here: `node scripts/serve.mjs` serves www/ on 127.0.0.1.

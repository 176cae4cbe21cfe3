#!/usr/bin/env bash
# Sets up, builds the release CLI, the wasm package (www/pkg) and the page's
# assets (www/vendor, www/sample), prints the CLI's headline numbers for the
# bundled sample dataset (tests/data/sample, made by scripts/gen-sample.mjs),
# then serves the page on http://127.0.0.1:${PORT:-8000}/ until Ctrl-C: open it
# and press "Try the sample data".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh rust node
export CXKPI_SETUP_DONE=1
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

build() {
  cargo build --release
  bash scripts/build-wasm.sh
  node scripts/build-www.mjs
}

report_sample() {
  local cli="${CARGO_TARGET_DIR:-target}/release/cxkpi" sample=tests/data/sample
  printf '\n==== cxkpi report --config %s/config.json %s/*.csv\n' "$sample" "$sample" >&2
  "$cli" report --config "$sample/config.json" "$sample"/*.csv >"${TMPDIR:-/tmp}/cxkpi-sample-report.json"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [id, m] of Object.entries(r.metrics)) {
      const v = m.value ?? m.median ?? null;
      const n = m.denominator ?? m.count;
      console.log(id.padEnd(44), v === null ? "-" : +v.toFixed(3), n === undefined ? "" : `(n=${n})`);
    }
    console.log(`\nfull report: ${process.argv[1]}`);
  ' "${TMPDIR:-/tmp}/cxkpi-sample-report.json"
}

build
report_sample
port=${PORT:-8000}
printf '\n==== the page: open http://127.0.0.1:%s/ and press "Try the sample data" (Ctrl-C stops)\n' "$port"
exec node scripts/serve.mjs --port "$port" www

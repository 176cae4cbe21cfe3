#!/usr/bin/env bash
# The browser benchmark (benches/browser/run.mjs; its options pass through):
# installs the other engines into benches/node_modules from benches/package-lock.json
# when that lock changed (npm ci, about 170 MB: DuckDB-WASM ships three 34-39 MB
# builds), and builds the wasm package when www/pkg has none.
#   bash benches/browser.sh [--rows 1e6] [--runs 3] [--engines cxkpi,duckdb,arquero] [--smoke] [--no-write]
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=benches/node_modules/.cxkpi-lock.sha256
want=$(sha256sum benches/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd benches && npm ci --no-audit --no-fund)
  echo "$want" >"$stamp"
fi
[ -f node_modules/playwright-core/package.json ] || bash scripts/setup.sh node
[ -f www/pkg/cxkpi_bg.wasm ] || bash scripts/build-wasm.sh
exec node benches/browser/run.mjs "$@"

#!/usr/bin/env bash
# Installs what the tests need (scripts/setup.sh), then runs every test and
# check, going on after a failure so one run shows them all:
#   cargo fmt --check; cargo clippy (native, all targets, and the wasm32 library) with -D warnings;
#   cargo test (unit, integration and doc tests); cargo build --target wasm32-unknown-unknown;
#   the release CLI; the wasm package (scripts/build-wasm.sh); the page's assets (scripts/build-www.mjs);
#   the page's unit tests (tests/www); the benchmarks' cross-check (benches/kpis.test.mjs); the wasm package in Chromium (tests/wasm); the page end to end (tests/e2e);
#   the JS package (scripts/build-pkg.mjs) and its examples (tests/embed: the HTML page with the element in
#   Chromium, the Vite app's tsc --noEmit, build and run, the Node script; each against the CLI's report);
#   the browser benchmark's smoke run (benches/browser.sh --smoke: 1e4 rows, cxkpi, DuckDB-WASM and
#   arquero + PapaParse must give the same KPIs; installs benches/node_modules on first use);
#   a fuzz smoke run (scripts/fuzz-smoke.sh: every fuzz target for CXKPI_FUZZ_SECONDS, default 25 s;
#   installs nightly and cargo-fuzz on first use, a few minutes; CXKPI_FUZZ_SECONDS=0 skips it).
# Exits 1 if any step failed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CXKPI_SETUP_DONE=1
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

passed=()
failed=()
step() {
  local name=$1
  shift
  printf '\n==== %s\n' "$name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

step "cargo fmt --check" cargo fmt --check
step "cargo clippy (native)" cargo clippy --all-targets -- -D warnings
step "cargo clippy (wasm32)" cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
step "cargo test" cargo test --no-fail-fast
step "cargo build (wasm32)" cargo build --lib --target wasm32-unknown-unknown
step "cargo build --release (CLI)" cargo build --release
step "wasm package" bash scripts/build-wasm.sh
step "page assets" node scripts/build-www.mjs
step "page unit tests" node --test tests/www/
step "benchmark cross-check unit tests" node --test benches/
if [[ " ${failed[*]} " == *" wasm package "* ]]; then
  failed+=("browser tests (not run: no fresh wasm package)")
else
  step "wasm in Chromium" node --test tests/wasm/
  step "page end to end" node --test --test-concurrency=1 tests/e2e/
  step "JS package" node scripts/build-pkg.mjs
  step "JS package and examples" node --test --test-concurrency=1 tests/embed/
  step "browser benchmark smoke" bash benches/browser.sh --smoke
fi

step "fuzz smoke" bash scripts/fuzz-smoke.sh

printf '\n==== summary\n'
for name in "${passed[@]}"; do printf 'ok    %s\n' "$name"; done
for name in "${failed[@]}"; do printf 'FAIL  %s\n' "$name"; done
printf 'checks: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
[ ${#failed[@]} -eq 0 ]

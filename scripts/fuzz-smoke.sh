#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a short while (default 25 s each;
# set CXKPI_FUZZ_SECONDS, 0 skips the run). Installs nightly Rust and
# cargo-fuzz first if missing (scripts/setup.sh fuzz). Targets are built with
# optimisations and debug assertions (so integer overflow is a crash), without
# a sanitizer (the engine has no unsafe code). Seeds: tests/data and
# fuzz/seeds; new inputs go to fuzz/corpus/TARGET, crashes to
# fuzz/artifacts/TARGET (both git-ignored). Exits 1 if any target crashed.
# Usage: bash scripts/fuzz-smoke.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${CXKPI_FUZZ_SECONDS:-25}
[ "$SECONDS_EACH" -gt 0 ] || { echo "fuzz: CXKPI_FUZZ_SECONDS=0, skipped"; exit 0; }
bash scripts/setup.sh fuzz
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The fuzz crate is its own workspace with its own target directory.
unset CARGO_TARGET_DIR

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load_chunks values config headers report)
flags=(-O -a -s none)
(cd fuzz && cargo +nightly fuzz build "${flags[@]}")

failed=()
for t in "${targets[@]}"; do
  case $t in
    load_chunks | report) seeds=(../tests/data) max_len=16384 ;;
    values) seeds=(seeds/values) max_len=256 ;;
    headers) seeds=(seeds/headers) max_len=4096 ;;
    config) seeds=(seeds/config.json ../tests/data/sample/config.json) max_len=4096 ;;
    *) echo "fuzz: unknown target $t" >&2; exit 2 ;;
  esac
  mkdir -p "fuzz/corpus/$t" "fuzz/seed-dirs/$t"
  # libFuzzer takes directories: copy single-file seeds into one.
  for s in "${seeds[@]}"; do
    if [ -f "fuzz/$s" ]; then cp "fuzz/$s" "fuzz/seed-dirs/$t/"; fi
  done
  dirs=()
  for s in "${seeds[@]}"; do [ -d "fuzz/$s" ] && dirs+=("$s"); done
  printf '\n==== fuzz %s (%ss)\n' "$t" "$SECONDS_EACH"
  log="fuzz/corpus/$t.log"
  status=0
  (cd fuzz && cargo +nightly fuzz run "${flags[@]}" "$t" "corpus/$t" "seed-dirs/$t" "${dirs[@]}" -- \
    -max_total_time="$SECONDS_EACH" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1) >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$log" || true
  if [ "$status" -ne 0 ]; then
    grep -E -A15 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -40 >&2 || true
    echo "fuzz: $t failed (exit $status): log $log, input in fuzz/artifacts/$t" >&2
    failed+=("$t")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashes in ${failed[*]}" >&2; exit 1; }
echo "fuzz: ${#targets[@]} targets ran ${SECONDS_EACH}s each without a crash"

#!/usr/bin/env bash
# Peak resident memory and time of `cxkpi report` on big tickets files (issue 8:
# "a 5 GB tickets file in bounded memory"). Not part of the test run: a 1 GB
# file takes minutes, 5 GB much longer.
#
#   bash benches/cli-memory.sh [SIZE_MB...]        (default: 1000)
#
# For each size, generates benches/data/tickets-SIZEmb.csv with
# benches/gen-tickets.mjs (about 133 bytes a row) unless it is there, runs the
# release CLI under `/usr/bin/time -v` with the default config, prints one
# Markdown table row (rows, file size, peak RSS, user CPU, wall, exit status),
# and deletes the file unless CXKPI_KEEP_DATA=1. CXKPI_MEM_LIMIT_MB sets
# `ulimit -v` for the CLI, so a run that would take the machine's memory fails
# with an allocation error instead (the row then says so).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

cargo build --release --quiet --bin cxkpi
bin="${CARGO_TARGET_DIR:-target}/release/cxkpi"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)

echo "| rows | file size | peak RSS | user CPU | wall | exit |"
echo "|---|---|---|---|---|---|"
for mb in "${sizes[@]}"; do
  rows=$((mb * 1000000 / 133))
  file="benches/data/tickets-${mb}mb.csv"
  [ -f "$file" ] || node benches/gen-tickets.mjs "$rows" "$file" >&2
  log=$(mktemp)
  status=0
  (
    [ -z "${CXKPI_MEM_LIMIT_MB:-}" ] || ulimit -v $((CXKPI_MEM_LIMIT_MB * 1024))
    /usr/bin/time -v "$bin" report "$file" >/dev/null 2>"$log"
  ) || status=$?
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  user=$(sed -n 's/.*User time (seconds): //p' "$log")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  bytes=$(stat -c %s "$file")
  note=$status
  [ "$status" = 0 ] || note="$status: $(grep -v '^\s' "$log" | grep -v 'Command' | head -1)"
  printf '| %s | %s MB | %s MiB | %s s | %s | %s |\n' \
    "$rows" "$((bytes / 1000000))" "$((rss_kb / 1024))" "$user" "$wall" "$note"
  rm -f "$log"
  [ "${CXKPI_KEEP_DATA:-0}" = 1 ] || rm -f "$file"
done

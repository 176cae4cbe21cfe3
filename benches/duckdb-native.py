#!/usr/bin/env python3
"""Native DuckDB (from PyPI, 2 threads) against the CLI's whole `cxkpi report`
on the same tickets CSV: the ticket KPIs of benches/kpis.sql, runs alternating,
medians, and a cross-check of every number (benches/kpis.mjs). Writes the
table into benches/RESULTS.md (section native-duckdb).

    python3 benches/duckdb-native.py [--rows N] [--runs R] [--threads T] [--no-write]

Installs DuckDB into benches/.venv on first use (pinned below) and re-runs
itself there; generates benches/data/tickets-N.csv with benches/gen-tickets.mjs
and builds the release CLI (in $CARGO_TARGET_DIR) when missing.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DUCKDB_VERSION = "2.0.0"
BENCHES = Path(__file__).resolve().parent
ROOT = BENCHES.parent
VENV = BENCHES / ".venv"


def ensure_venv():
    """Re-run this script with benches/.venv's Python, creating it (with DuckDB) when needed."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    probe = [str(python), "-c", f"import duckdb, sys; sys.exit(duckdb.__version__ != '{DUCKDB_VERSION}')"]
    if not python.exists() or subprocess.run(probe, capture_output=True).returncode != 0:
        print(f"duckdb-native: installing duckdb {DUCKDB_VERSION} into {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"duckdb=={DUCKDB_VERSION}"], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def sql_sections():
    """benches/kpis.sql split at its `-- name:` lines."""
    text = (BENCHES / "kpis.sql").read_text()
    return {m[1]: m[2] for m in re.finditer(r"^-- name: (\w+)\n(.*?)(?=^-- name: |\Z)", text, re.S | re.M)}


def run_duckdb(sql, csv, threads):
    """Connect, load the CSV and run the KPI queries; returns (wall s, CPU s, rows)."""
    import duckdb

    wall, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute(sql["load"].replace("{file}", str(csv)))
    rows = []
    for name in ("created", "solved"):
        cur = con.execute(sql[name])
        columns = [d[0] for d in cur.description]
        rows += [dict(zip(columns, r)) for r in cur.fetchall()]
    con.close()
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def run_cli(cli, csv, out):
    """`cxkpi report --config benches/config.json CSV > out`; returns (wall s, CPU s of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    with open(out, "w") as stdout:
        subprocess.run([cli, "report", "--config", str(BENCHES / "config.json"), str(csv)], stdout=stdout, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    args = parser.parse_args()
    ensure_venv()
    import duckdb

    rows = int(args.rows)
    csv = BENCHES / "data" / f"tickets-{rows}.csv"
    if not csv.exists():
        subprocess.run(["node", str(BENCHES / "gen-tickets.mjs"), str(rows), str(csv)], check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "cxkpi"], cwd=ROOT, check=True)
    cli = str(target / "release" / "cxkpi")
    sql = sql_sections()

    times = {"duckdb": [], "cxkpi": []}
    with tempfile.TemporaryDirectory() as tmp:
        report, duck_rows = Path(tmp) / "report.json", Path(tmp) / "duckdb.json"
        for run in range(args.runs):
            wall, cpu, result = run_duckdb(sql, csv, args.threads)
            times["duckdb"].append((wall, cpu))
            cli_wall, cli_cpu = run_cli(cli, csv, report)
            times["cxkpi"].append((cli_wall, cli_cpu))
            print(f"run {run + 1}: duckdb {wall:.3f} s (CPU {cpu:.3f} s), cxkpi report {cli_wall:.3f} s (CPU {cli_cpu:.3f} s)", file=sys.stderr)
            if run == 0:
                duck_rows.write_text(json.dumps(result))
                subprocess.run(["node", str(BENCHES / "kpis.mjs"), str(report), str(duck_rows)], check=True)

    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in times.items()}
    size = csv.stat().st_size / 2**20
    table = "\n".join([
        f"Tickets CSV of {rows:,} rows ({size:.1f} MiB), median of {args.runs} runs, alternating. "
        f"DuckDB {duckdb.__version__} (PyPI) with `SET threads = {args.threads}`, in-process: connect, "
        "`read_csv` with explicit types into a table, the two queries of `benches/kpis.sql`. cxkpi: the whole "
        "`cxkpi report --config benches/config.json FILE` process (every ticket KPI, by agent and by month, JSON out). "
        "Both gave the same numbers (`benches/kpis.mjs`).",
        "",
        "| | wall | CPU (all threads) |",
        "|---|---|---|",
        f"| DuckDB ({args.threads} threads) | {med['duckdb'][0]:.3f} s | {med['duckdb'][1]:.3f} s |",
        f"| cxkpi CLI (1 thread) | {med['cxkpi'][0]:.3f} s | {med['cxkpi'][1]:.3f} s |",
        f"| **cxkpi / DuckDB** | **{med['cxkpi'][0] / med['duckdb'][0]:.2f}** | {med['cxkpi'][1] / med['duckdb'][1]:.2f} |",
    ])
    print(table)
    if not args.no_write:
        machine = subprocess.run(
            ["node", "--input-type=module", "-e", "import { machine } from './benches/results.mjs'; console.log(machine())"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
        body = f"### Native: `python3 benches/duckdb-native.py --rows {rows}`\n\n{machine}.\n\n{table}\n"
        subprocess.run(["node", str(BENCHES / "results.mjs"), "native-duckdb"], input=body, text=True, check=True)


if __name__ == "__main__":
    main()

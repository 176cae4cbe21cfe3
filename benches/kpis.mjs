// The ticket KPIs the benchmarks compare, in one shape for every engine: rows
// of `{scope, "METRIC.STAT": number}` (scope all, agent:NAME or month:YYYY-MM),
// the columns of benches/kpis.sql. cxkpi's report (SPEC section 6, with
// benches/config.json) is turned into the same rows, and `compare` checks that
// two engines agree on every number to a relative 1e-9.
//
//   node benches/kpis.mjs REPORT.json ROWS.json   (exit 1 on a mismatch; used by duckdb-native.py)

/** Metric id → the statistics compared, and the one that says whether the metric has data. */
export const METRICS = {
  "tickets.created": { stats: ["value"], size: "value" },
  "tickets.first_response_seconds": { stats: ["count", "mean", "median", "p90"], size: "count" },
  "tickets.escalation_rate": { stats: ["numerator", "denominator", "value"], size: "denominator" },
  "tickets.resolution_seconds": { stats: ["count", "median"], size: "count" },
  "surveys.csat_rate": { stats: ["numerator", "denominator", "value"], size: "denominator" },
  "tickets.reopen_rate": { stats: ["numerator", "denominator", "value"], size: "denominator" },
  "tickets.one_touch_rate": { stats: ["numerator", "denominator", "value"], size: "denominator" },
};

/** cxkpi's report as rows: the period, each agent (groups.agent) and each month (trend buckets). */
export function reportRows(report) {
  const pick = (scope, metrics) => {
    const row = { scope };
    for (const [id, { stats }] of Object.entries(METRICS)) {
      for (const stat of stats) if (metrics[id]) row[`${id}.${stat}`] = metrics[id][stat];
    }
    return row;
  };
  return [
    pick("all", report.metrics),
    ...Object.entries(report.groups?.agent ?? {}).map(([agent, metrics]) => pick(`agent:${agent}`, metrics)),
    ...(report.trend?.buckets ?? []).map((b) => pick(`month:${b.start.slice(0, 7)}`, b.metrics)),
  ];
}

/**
 * `"scope metric.stat"` → number, from rows (several rows of one scope merge).
 * A metric without data in a scope (count or denominator 0) is left out: cxkpi
 * reports it with nulls, a SQL GROUP BY has no row for it.
 */
export function flatten(rows) {
  const out = new Map();
  for (const row of rows) {
    for (const [id, { stats, size }] of Object.entries(METRICS)) {
      const n = row[`${id}.${size}`];
      if (n === undefined || n === null || Number(n) === 0) continue;
      for (const stat of stats) out.set(`${row.scope} ${id}.${stat}`, toNumber(row[`${id}.${stat}`]));
    }
  }
  return out;
}

const toNumber = (v) => (v === null || v === undefined ? null : Number(v)); // DuckDB counts arrive as BigInt

/** Differences between two engines' rows, as readable lines (empty: they agree on every number). */
export function compare(expected, actual, { tolerance = 1e-9, names = ["cxkpi", "other"] } = {}) {
  const a = flatten(expected);
  const b = flatten(actual);
  const problems = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === undefined || y === undefined) {
      problems.push(`${key}: only ${x === undefined ? names[1] : names[0]} has it (${x ?? y})`);
    } else if (!(x === y || (x !== null && y !== null && Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y))))) {
      problems.push(`${key}: ${names[0]} ${x}, ${names[1]} ${y}`);
    }
  }
  if (!a.size) problems.push(`${names[0]} gave no numbers`);
  return problems.sort();
}

/** Throw when two engines disagree (listing the first differences) or gave nothing. */
export function assertSame(expected, actual, names) {
  const problems = compare(expected, actual, { names });
  if (problems.length) {
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : "";
    throw new Error(`${names[0]} and ${names[1]} disagree on ${problems.length} numbers:\n  ${problems.slice(0, 20).join("\n  ")}${more}`);
  }
  return flatten(expected).size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import("node:fs");
  const [reportFile, rowsFile] = process.argv.slice(2);
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  const rows = JSON.parse(readFileSync(rowsFile, "utf8"));
  try {
    const n = assertSame(reportRows(report), rows, ["cxkpi", "duckdb"]);
    console.log(`cross-check: cxkpi and duckdb agree on all ${n} numbers`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}

// Exports: the report's tables as CSV (with formula-injection neutralising),
// the issue list, and file downloads. Building the text is pure; only
// `download` touches the DOM.
import { metricNumber } from "./schema.js";

const DANGEROUS = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`; numbers
 * are written as they are (a JS number cannot carry a formula). Cells holding
 * the delimiter, a quote or a line break are quoted.
 */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let s = String(value);
  if (DANGEROUS.test(s)) s = "'" + s;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (arrays of cells) → CSV text, comma-separated, CRLF line ends, UTF-8 BOM for Excel. */
export function toCsv(rows) {
  return "\ufeff" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const STATS = ["value", "numerator", "denominator", "ci95_low", "ci95_high", "count", "sum", "mean", "median", "p90", "promoters", "passives", "detractors"];

function statCells(v) {
  return STATS.map((s) => {
    if (s === "ci95_low") return Array.isArray(v?.ci95) ? v.ci95[0] : null;
    if (s === "ci95_high") return Array.isArray(v?.ci95) ? v.ci95[1] : null;
    return v?.[s] ?? null;
  });
}

/**
 * Every metric of a report in long form, one row per (scope, metric):
 * scope `period`, `group` (with the column and value) or `bucket` (with its start).
 */
export function metricsTable(report) {
  const rows = [["scope", "group_column", "group_value", "bucket_start", "bucket_end", "metric", ...STATS]];
  for (const [id, v] of Object.entries(report?.metrics || {})) rows.push(["period", null, null, null, null, id, ...statCells(v)]);
  for (const [col, values] of Object.entries(report?.groups || {})) {
    for (const [name, metrics] of Object.entries(values)) {
      for (const [id, v] of Object.entries(metrics)) rows.push(["group", col, name, null, null, id, ...statCells(v)]);
    }
  }
  for (const b of report?.trend?.buckets || []) {
    for (const [id, v] of Object.entries(b.metrics)) rows.push(["bucket", null, null, b.start, b.end, id, ...statCells(v)]);
  }
  return rows;
}

/** The issue examples as rows: kind, file, line, column, value, reason. */
export function issuesTable(report) {
  const rows = [["kind", "file", "line", "column", "value", "reason"]];
  for (const e of report?.issues?.examples || []) rows.push([e.kind ?? "", e.file, e.line, e.column, e.value, e.reason]);
  return rows;
}

/** Goal outcomes joined with their config: one row per goal. */
export function goalsTable(report, goals) {
  const rows = [["id", "name", "metric", "parent", "baseline", "current", "target", "progress", "elapsed", "deadline", "status"]];
  const byId = new Map((report?.goals || []).map((g) => [g.id, g]));
  for (const g of goals || []) {
    const o = byId.get(g.id) || {};
    rows.push([g.id, g.name ?? "", g.metric ?? "", g.parent ?? "", o.baseline, o.current, o.target, o.progress, o.elapsed, g.deadline ?? "", o.status ?? ""]);
  }
  return rows;
}

/** A group breakdown as a wide table: one row per value, one column per metric's headline number. */
export function groupTable(report, column, metricIds) {
  const rows = [[column, ...metricIds]];
  for (const [name, metrics] of Object.entries(report?.groups?.[column] || {})) {
    rows.push([name, ...metricIds.map((id) => metricNumber(id, metrics[id]))]);
  }
  return rows;
}

/** The cohort matrix as rows: cohort, customers, then retention per month offset. */
export function cohortTable(report) {
  const c = report?.cohorts;
  if (!c) return [];
  const width = Math.max(0, ...c.rows.map((r) => r.retention.length));
  const rows = [["cohort", "customers", ...Array.from({ length: width }, (_, k) => `month_${k}`)]];
  for (const r of c.rows) rows.push([r.cohort, r.customers, ...Array.from({ length: width }, (_, k) => r.retention[k] ?? null)]);
  return rows;
}

/** Save `data` (a string or Blob) as a file named `name` through a temporary link. */
export function download(doc, name, data, type = "text/plain;charset=utf-8") {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  (doc.body || doc.documentElement).append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

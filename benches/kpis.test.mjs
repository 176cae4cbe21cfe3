// The benchmark's cross-check must catch a wrong number, a missing one and an
// extra one, and let through float noise below 1e-9.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, reportRows } from "./kpis.mjs";

const dist = (count, x) => ({ count, sum: count * x, mean: x, median: x, p90: x });
const rate = (numerator, denominator) => ({ numerator, denominator, value: denominator ? numerator / denominator : null, ci95: null });
const report = {
  metrics: { "tickets.created": { value: 3 }, "tickets.first_response_seconds": dist(2, 60), "tickets.reopen_rate": rate(1, 2) },
  groups: { agent: { Ann: { "tickets.created": { value: 3 }, "tickets.reopen_rate": rate(0, 0) } } },
  trend: { buckets: [{ start: "2025-01-01T00:00:00+00:00", metrics: { "tickets.created": { value: 0 } } }] },
};
const sqlRows = () => [
  { scope: "all", "tickets.created.value": 3, "tickets.first_response_seconds.count": 2n, "tickets.first_response_seconds.mean": 60, "tickets.first_response_seconds.median": 60, "tickets.first_response_seconds.p90": 60 },
  { scope: "all", "tickets.reopen_rate.numerator": 1, "tickets.reopen_rate.denominator": 2, "tickets.reopen_rate.value": 0.5 },
  { scope: "agent:Ann", "tickets.created.value": 3 },
];

test("a report and SQL rows with the same numbers agree; empty metrics are left out on both sides", () => {
  assert.deepEqual(compare(reportRows(report), sqlRows()), []);
});

test("a number off by more than 1e-9 (relative) is reported, float noise is not", () => {
  const rows = sqlRows();
  rows[0]["tickets.first_response_seconds.mean"] = 60 * (1 + 1e-12);
  assert.deepEqual(compare(reportRows(report), rows), []);
  rows[0]["tickets.first_response_seconds.p90"] = 60 * (1 + 1e-8);
  assert.deepEqual(compare(reportRows(report), rows, { names: ["cxkpi", "sql"] }), [
    `all tickets.first_response_seconds.p90: cxkpi 60, sql ${60 * (1 + 1e-8)}`,
  ]);
});

test("a metric only one side has is reported, and so is a null where the other has a number", () => {
  const rows = sqlRows().slice(0, 2);
  rows[1]["tickets.reopen_rate.value"] = null;
  rows[0]["tickets.first_response_seconds.median"] = null;
  const changed = structuredClone(report);
  changed.metrics["tickets.first_response_seconds"].median = 0;
  assert.deepEqual(compare(reportRows(changed), rows, { names: ["cxkpi", "sql"] }), [
    "agent:Ann tickets.created.value: only cxkpi has it (3)",
    "all tickets.first_response_seconds.median: cxkpi 0, sql null",
    "all tickets.reopen_rate.value: cxkpi 0.5, sql null",
  ]);
});

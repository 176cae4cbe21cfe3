import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, formatPct, formatInt, formatMetric, formatInterval, formatNps, formatPeriod, formatBucket, NONE } from "../../www/render/format.js";

test("durations read in at most two units", () => {
  assert.equal(formatDuration(42, "en"), "42s");
  assert.equal(formatDuration(60, "en"), "1m");
  assert.equal(formatDuration(725, "en"), "12m 5s");
  assert.equal(formatDuration(9000, "en"), "2h 30m");
  assert.equal(formatDuration(3599.6, "en"), "1h");
  assert.equal(formatDuration(86399, "en"), "1d");
  assert.equal(formatDuration(2 * 86400 + 7 * 3600, "en"), "2d 7h");
  assert.equal(formatDuration(-90, "en"), "−1m 30s");
  assert.equal(formatDuration(null, "en"), NONE);
  assert.equal(formatDuration(NaN, "en"), NONE);
});

test("durations use the locale's unit names", () => {
  assert.equal(formatDuration(9000, "bg"), "2 ч 30 мин");
});

test("percentages have one decimal and locale spacing", () => {
  assert.equal(formatPct(0.1234, "en"), "12.3%");
  assert.equal(formatPct(0.1234, "sv-SE"), "12,3\u00a0%");
  assert.equal(formatPct(0.1234, "tr-TR"), "%12,3");
  assert.equal(formatPct(null, "en"), NONE);
});

test("counts group thousands per locale", () => {
  assert.equal(formatInt(12345, "en"), "12,345");
  assert.equal(formatInt(12345, "nb-NO"), "12\u00a0345");
});

test("metric values by kind", () => {
  assert.equal(formatMetric("tickets.created", { value: 3 }, "en"), "3");
  assert.equal(formatMetric("tickets.escalation_rate", { value: 0.25, numerator: 1, denominator: 4, ci95: [0.05, 0.7] }, "en"), "25.0%");
  assert.equal(formatMetric("tickets.first_response_seconds", { count: 2, sum: 7200, mean: 3600, median: 1800, p90: 5040 }, "en"), "30m");
  assert.equal(formatMetric("tickets.first_response_seconds", { count: 2, sum: 7200, mean: 3600, median: 1800, p90: 5040 }, "en", "mean"), "1h");
  assert.equal(formatMetric("tickets.first_response_seconds", { count: 0, sum: 0, mean: null, median: null, p90: null }, "en"), NONE);
  assert.equal(formatMetric("surveys.nps", { value: -20 }, "en"), "-20");
  assert.equal(formatMetric("qa.criterion_pass_rate.Greeting", { value: 1 }, "en"), "100.0%");
  assert.equal(formatMetric("tickets.escalation_rate", { value: null, numerator: 0, denominator: 0, ci95: null }, "en"), NONE);
  assert.equal(formatMetric("no.such_metric", { value: 1 }, "en"), NONE);
});

test("intervals and NPS sign", () => {
  assert.equal(formatInterval("tickets.escalation_rate", [0.05, 0.7], "en"), "5.0% – 70.0%");
  assert.equal(formatInterval("tickets.escalation_rate", null, "en"), "");
  assert.equal(formatNps(23.45, "en"), "+23.5");
  assert.equal(formatNps(0, "en"), "0");
});

test("the period shows its last day, not the exclusive end", () => {
  const p = { start: "2026-01-01T00:00:00+01:00", end: "2026-07-01T00:00:00+02:00", time_zone: "Europe/Stockholm" };
  assert.equal(formatPeriod(p, "en-GB"), "1 Jan 2026 – 30 Jun 2026");
});

test("buckets are labelled in the report's zone", () => {
  // Midnight 1 April in Stockholm is still 31 March in UTC.
  assert.equal(formatBucket("2026-04-01T00:00:00+02:00", "month", "en-GB", "Europe/Stockholm"), "Apr 2026");
  assert.equal(formatBucket("2026-04-01T00:00:00+02:00", "quarter", "en-GB", "Europe/Stockholm"), "Q2 2026");
});

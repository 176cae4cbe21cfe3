import { test } from "node:test";
import assert from "node:assert/strict";
import { sniffHeaders, detectDelimiter } from "../../www/dashboard/headers.js";
import { splitGoalMetric, metricInfo, familyMetrics, metricNumber, sampleSize } from "../../www/dashboard/schema.js";

const utf8 = (s) => new TextEncoder().encode(s);

test("headers from UTF-8 with BOM, semicolons and quotes", () => {
  assert.deepEqual(sniffHeaders(utf8('\ufeffid;"Created; at";Kanal\r\n1;2;3')), ["id", "Created; at", "Kanal"]);
});

test("headers from UTF-16 LE with BOM and tabs", () => {
  const text = "Ärende\tSkapad\n1\t2";
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) { bytes[2 + 2 * i] = text.charCodeAt(i) & 255; bytes[3 + 2 * i] = text.charCodeAt(i) >> 8; }
  assert.deepEqual(sniffHeaders(bytes), ["Ärende", "Skapad"]);
});

test("headers from Windows-1252 bytes", () => {
  assert.deepEqual(sniffHeaders(new Uint8Array([0x4b, 0xf6, 0x70, 0x2c, 0x78, 0x0a])), ["Köp", "x"]);
});

test("a quoted header may hold a line break; empty names are dropped", () => {
  assert.deepEqual(sniffHeaders(utf8('"first\nline",b,,c\n')), ["first\nline", "b", "c"]);
  assert.equal(detectDelimiter("a|b|c\n"), "|");
  assert.deepEqual(sniffHeaders(new Uint8Array()), []);
});

test("goal metrics split into id and statistic", () => {
  assert.deepEqual(splitGoalMetric("tickets.first_response_seconds.median"), ["tickets.first_response_seconds", "median"]);
  assert.deepEqual(splitGoalMetric("tickets.complaints"), ["tickets.complaints", null]);
  assert.deepEqual(splitGoalMetric("qa.criterion_pass_rate.Tone and empathy"), ["qa.criterion_pass_rate.Tone and empathy", null]);
});

test("catalogue lookups", () => {
  assert.equal(metricInfo("calls.service_level").unit, "pct");
  assert.equal(metricInfo("qa.criterion_pass_rate.X").criterion, "X");
  assert.deepEqual(familyMetrics({ "qa.reviews": {}, "qa.criterion_pass_rate.B": {}, "qa.criterion_pass_rate.A": {}, "tickets.created": {} }, "qa"),
    ["qa.reviews", "qa.criterion_pass_rate.A", "qa.criterion_pass_rate.B"]);
  assert.equal(metricNumber("tickets.first_response_seconds", { median: 5, mean: 7 }), 5);
  assert.equal(sampleSize({ value: 0.5, numerator: 1, denominator: 2 }), 2);
  assert.equal(sampleSize({ value: 3 }), null);
});

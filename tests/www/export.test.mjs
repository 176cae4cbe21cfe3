import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { csvCell, toCsv, metricsTable, issuesTable, groupTable, cohortTable, goalsTable } from "../../www/dashboard/export.js";

const report = JSON.parse(readFileSync(new URL("./fixtures/report.json", import.meta.url)));

test("formula-like text gets a leading quote", () => {
  assert.equal(csvCell("=SUM(A1:A2)"), "'=SUM(A1:A2)");
  assert.equal(csvCell("+46 70 123"), "'+46 70 123");
  assert.equal(csvCell("-2"), "'-2");
  assert.equal(csvCell("@evil"), "'@evil");
  assert.equal(csvCell("\tx"), "'\tx");
  assert.equal(csvCell("\rx"), "\"'\rx\"");
  assert.equal(csvCell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  assert.equal(csvCell(" =not at start"), " =not at start");
});

test("numbers stay numbers, blanks stay blank", () => {
  assert.equal(csvCell(-20), "-20");
  assert.equal(csvCell(0.25), "0.25");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(undefined), "");
  assert.equal(csvCell(NaN), "");
  assert.equal(csvCell(true), "true");
});

test("quotes, delimiters and line breaks are quoted", () => {
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell("a;b"), '"a;b"');
  assert.equal(csvCell("a\nb"), '"a\nb"');
  assert.equal(csvCell('=x,"y"'), `"'=x,""y"""`);
});

test("CSV text has a BOM and CRLF lines", () => {
  assert.equal(toCsv([["a", "b"], [1, "=2"]]), "\ufeffa,b\r\n1,'=2\r\n");
});

test("the long metric table covers period, groups and buckets", () => {
  const rows = metricsTable(report);
  assert.deepEqual(rows[0].slice(0, 8), ["scope", "group_column", "group_value", "bucket_start", "bucket_end", "metric", "value", "numerator"]);
  const scopes = rows.slice(1).map((r) => r[0]);
  assert.equal(scopes.filter((s) => s === "period").length, 5);
  assert.equal(scopes.filter((s) => s === "group").length, 2);
  assert.equal(scopes.filter((s) => s === "bucket").length, 2);
  const esc = rows.find((r) => r[5] === "tickets.escalation_rate");
  assert.deepEqual(esc.slice(6, 11), [0.3333333333333333, 1, 3, 0.0615, 0.7923]);
  // A hostile agent name is neutralised in the CSV text.
  assert.match(toCsv(rows), /,'=cmd\|' \/C calc'!A0,/);
});

test("issue, group, cohort and goal tables", () => {
  assert.deepEqual(issuesTable(report)[1], ["bad_timestamp", "tickets.csv", 3, "created_at", "+2026-13-01", "not a date"]);
  assert.match(toCsv(issuesTable(report)), /,'\+2026-13-01,/);
  assert.deepEqual(groupTable(report, "agent", ["tickets.created"]).slice(1), [["=cmd|' /C calc'!A0", 1], ["Alice", 2]]);
  assert.deepEqual(cohortTable(report), [["cohort", "customers", "month_0", "month_1"], ["2026-01", 4, 1, 0.75], ["2026-02", 0, null, null]]);
  assert.deepEqual(goalsTable(report, [{ id: "g1", name: "Faster", metric: "tickets.first_response_seconds.median", deadline: "2026-10-01" }])[1],
    ["g1", "Faster", "tickets.first_response_seconds.median", "", 10, 8, 8.5, 1.33, 0.5, "2026-10-01", "achieved"]);
});

test("every export neutralises formulas in every text a file can carry", () => {
  // File names, headers, cell values, group values and goal names all come
  // from user files; each one starts with every dangerous character.
  const starts = ["=", "+", "-", "@", "\t", "\r"];
  for (const c of starts) {
    const evil = `${c}HYPERLINK("http://x.invalid","y")`;
    const report = {
      metrics: { "tickets.created": { value: 1 } },
      groups: { [evil]: { [evil]: { "tickets.created": { value: 1 } } } },
      trend: { buckets: [{ start: evil, end: evil, metrics: { "tickets.created": { value: 1 } } }] },
      issues: { examples: [{ kind: evil, file: evil, line: 2, column: evil, value: evil, reason: evil }] },
      goals: [{ id: evil, baseline: 1, current: 2, target: 3, progress: 0.5, elapsed: 0.5, status: evil }],
      cohorts: { months: [evil], rows: [{ cohort: evil, customers: 1, active: [1], retention: [1] }] },
    };
    const tables = [
      metricsTable(report),
      issuesTable(report),
      groupTable(report, evil, ["tickets.created"]),
      cohortTable(report),
      goalsTable(report, [{ id: evil, name: evil, metric: evil, parent: evil, deadline: evil }]),
    ];
    for (const table of tables) {
      for (const row of table) {
        for (const cell of row) {
          const text = csvCell(cell).replace(/^"/, "");
          assert.ok(!/^[=+\-@\t\r]/.test(text), `${JSON.stringify(c)}: cell ${JSON.stringify(text)} not neutralised`);
        }
      }
    }
  }
});

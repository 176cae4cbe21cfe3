// The Node entry (www/lib/node.js) directly: sources, a time-zone change, errors.
// Needs www/pkg (scripts/build-wasm.sh) and the release CLI (see embed.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine, report, CxkpiError } from "../../www/lib/node.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SAMPLE = join(ROOT, "tests", "data", "sample");
const FILES = readdirSync(SAMPLE).filter((f) => f.endsWith(".csv")).sort();
const CONFIG = JSON.parse(readFileSync(join(SAMPLE, "config.json"), "utf8"));
const CLI = process.env.CXKPI_CLI || [join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "release", "cxkpi"), join(ROOT, "target", "release", "cxkpi")].find(existsSync);

function cli(config) {
  const path = join(mkdtempSync(join(tmpdir(), "cxkpi-cfg-")), "config.json");
  writeFileSync(path, JSON.stringify(config));
  const run = spawnSync(CLI, ["report", "--config", path, ...FILES], { cwd: SAMPLE, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test("report() over paths equals the CLI", async () => {
  const files = FILES.map((f) => ({ name: f, data: join(SAMPLE, f) }));
  assert.deepEqual(await report({ config: CONFIG, files }), cli(CONFIG));
});

test("a new time zone reads byte sources again; a stream must be added again (reload)", async () => {
  const engine = await createEngine({ config: CONFIG });
  for (const f of FILES) {
    const path = join(SAMPLE, f);
    if (f === "tickets.csv") await engine.addFile(createReadStream(path), { name: f });
    else await engine.addFile(readFileSync(path), { name: f });
  }
  const ny = { ...CONFIG, time_zone: "America/New_York" };
  const reread = await engine.setConfig(ny);
  assert.deepEqual(reread.map((r) => r.name).sort(), FILES.filter((f) => f !== "tickets.csv"));
  const err = await engine.report().then(() => null, (e) => e);
  assert.ok(err instanceof CxkpiError, String(err));
  assert.deepEqual(err.reload, ["tickets.csv"]);
  await engine.addFile(join(SAMPLE, "tickets.csv"));
  assert.deepEqual(await engine.report(), cli(ny));
  engine.dispose();
});

test("a ZIP and an .xlsx workbook (read by the archive module) give the CLI's report", async () => {
  const dir = join(ROOT, "tests", "data", "archives");
  const config = { time_zone: "UTC", group_by: ["agent"] };
  const engine = await createEngine({ config });
  const book = await engine.addFile(join(dir, "book.xlsx"));
  assert.deepEqual(book.inputs.map((e) => e.file), ["book.xlsx#Tickets", "book.xlsx#Notes"]);
  assert.match(book.inputs[1].error.message, /^book\.xlsx#Notes: cannot tell which table this is/);
  await engine.addFile(readFileSync(join(dir, "export.zip")), { name: "export.zip" });
  const path = join(mkdtempSync(join(tmpdir(), "cxkpi-cfg-")), "config.json");
  writeFileSync(path, JSON.stringify(config));
  const run = spawnSync(CLI, ["report", "--config", path, "book.xlsx", "export.zip"], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(await engine.report(), JSON.parse(run.stdout));
  engine.dispose();
});

test("errors are CxkpiError with field, file and line", async () => {
  const bad = await createEngine({ config: { period: { start: "2026-13-01", end: "2026-02-01" } } }).then(() => null, (e) => e);
  assert.ok(bad instanceof CxkpiError && bad instanceof Error);
  assert.equal(bad.field, "period.start");
  const engine = await createEngine();
  const noKind = await engine.addFile(new Uint8Array([1, 2, 3]), { name: "x.csv", kind: "nope" }).then(() => null, (e) => e);
  assert.ok(noKind instanceof CxkpiError);
  assert.match(noKind.message, /nope/);
  const noName = await engine.addFile(new Uint8Array([1])).then(() => null, (e) => e);
  assert.ok(noName instanceof CxkpiError);
  engine.dispose();
});

// Browser tests of the wasm package (www/pkg, built by scripts/build-wasm.sh):
// Debian's Chromium, driven by playwright-core, loads a test page from a
// static server on 127.0.0.1, streams fixture files into the wasm Engine in a
// module worker, and the reports must equal the native CLI's JSON for the same
// files and config. No request may go anywhere but the test server.
//
//   node --test tests/wasm/*.test.mjs        (CHROMIUM=/path/to/chromium to use another build)

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SAMPLE = join(ROOT, "tests", "data", "sample");
const FIXTURES = join(ROOT, "tests", "wasm", "fixtures");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TABLES = ["tickets", "calls", "surveys", "customers", "orders", "qa_reviews"];
const sampleConfig = readFileSync(join(SAMPLE, "config.json"), "utf8");

let server;
let origin;
let browser;
let page;
const requests = [];

/** The CLI's report: `cxkpi report --config CONFIG FILE...`, run in `cwd` so file names match. */
function cli(cwd, config, files) {
  const args = ["run", "--quiet", "--release", "--manifest-path", join(ROOT, "Cargo.toml"), "--"];
  const run = spawnSync("cargo", [...args, "report", "--config", config, ...files], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function cliReport(cwd, config, files) {
  const { status, stdout, stderr } = cli(cwd, config, files);
  assert.equal(status, 0, `cxkpi report exited ${status}: ${stderr}`);
  assert.notEqual(stdout.trim(), "", "cxkpi report printed nothing");
  return JSON.parse(stdout);
}

/** Run one job in a fresh worker of the test page (see worker.js). */
async function inWorker(job) {
  return page.evaluate((j) => window.cxkpiTest.run(j), job);
}

function assertOk(result) {
  if (!result.ok) {
    const { name, message, panic } = result.error;
    assert.fail(`the wasm engine threw ${name}: ${message}${panic ? ` (panic: ${panic})` : ""}`);
  }
  return result;
}

/** The engine's JS Error of a failed job (a trap, an engine panic, is not one). */
function thrown(result) {
  assert.equal(result.ok, false, "the job succeeded");
  const { isError, name, message, panic } = result.error;
  assert.ok(
    isError && name === "Error",
    `expected the engine's Error, got ${name}: ${message}${panic ? ` (panic: ${panic})` : ""}`,
  );
  return result.error;
}

before(async () => {
  assert.ok(
    existsSync(join(ROOT, "www", "pkg", "cxkpi_bg.wasm")),
    "www/pkg is missing: run bash scripts/build-wasm.sh first",
  );
  ({ server, origin } = await serve({
    mounts: { "/": join(ROOT, "www"), "/test/": join(ROOT, "tests", "wasm"), "/data/": join(ROOT, "tests", "data") },
    port: 0,
  }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext();
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`[page] ${message.text()}`);
  });
  await page.goto(`${origin}/test/`);
  await page.waitForFunction(() => window.cxkpiTest !== undefined);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("a bad config throws a JS Error that names the field", async () => {
  const error = thrown(await inWorker({ config: '{"granularity": "fortnight"}', files: [], chunkSize: 1 }));
  assert.equal(error.field, "granularity");
  assert.equal(error.file, null);
  assert.match(error.message, /granularity/);
});

test("tickets.csv streamed in 7-byte chunks gives the CLI's report", async () => {
  const size = readFileSync(join(SAMPLE, "tickets.csv")).length;
  const result = assertOk(
    await inWorker({
      config: sampleConfig,
      files: [{ name: "tickets.csv", url: "/data/sample/tickets.csv" }],
      chunkSize: 7,
    }),
  );
  assert.deepEqual(result.bytesRead, [size]);
  assert.equal(result.inputs[0].kind, "tickets");
  assert.deepEqual(result.report, cliReport(SAMPLE, "config.json", ["tickets.csv"]));
});

test("all six sample files in 64 KiB chunks give the CLI's report", async () => {
  const files = TABLES.map((t) => ({ name: `${t}.csv`, url: `/data/sample/${t}.csv` }));
  const result = assertOk(await inWorker({ config: sampleConfig, files, chunkSize: 65536 }));
  assert.deepEqual(
    result.inputs.map((i) => i.kind),
    TABLES,
  );
  assert.deepEqual(
    result.report,
    cliReport(
      SAMPLE,
      "config.json",
      TABLES.map((t) => `${t}.csv`),
    ),
  );
});

test("the wasm report is the CLI's report byte for byte once both are JS JSON", async () => {
  // deepEqual ignores key order; this does not. The raw texts differ in two
  // ways only, both JSON.stringify's and not the engine's: serde_json writes
  // an integral f64 as `4500.0` where JS writes `4500`, and JS objects list
  // integer-like keys (a group value `7`) first in numeric order where
  // serde_json keeps the BTreeMap's text order. Re-serialising the CLI's JSON
  // through JSON.parse applies exactly those two rules, so after it the bytes
  // must match: same keys in the same order, same numbers to the last bit.
  const files = TABLES.map((t) => ({ name: `${t}.csv`, url: `/data/sample/${t}.csv` }));
  const wasm = assertOk(await inWorker({ config: sampleConfig, files, chunkSize: 65536 }));
  const wasmAgain = assertOk(await inWorker({ config: sampleConfig, files, chunkSize: 1000 }));
  const names = TABLES.map((t) => `${t}.csv`);
  const native = cli(SAMPLE, "config.json", names);
  const nativeAgain = cli(SAMPLE, "config.json", names);
  assert.equal(native.status, 0, native.stderr);
  assert.equal(native.stdout, nativeAgain.stdout, "the CLI twice: byte-identical");
  const a = JSON.stringify(wasm.report);
  assert.equal(a, JSON.stringify(wasmAgain.report), "wasm twice, other chunks: byte-identical");
  assert.equal(a, JSON.stringify(JSON.parse(native.stdout)), "wasm vs CLI");
});

test("a kind given by the caller (KIND=FILE in the CLI) is used", async () => {
  const files = [{ name: "surveys.csv", url: "/data/sample/surveys.csv", kind: "surveys" }];
  const result = assertOk(await inWorker({ config: sampleConfig, files, chunkSize: 4096 }));
  assert.deepEqual(result.report, cliReport(SAMPLE, "config.json", ["surveys=surveys.csv"]));
});

test("a file that is not CSV fails as in the CLI, naming the file", async () => {
  const error = thrown(
    await inWorker({
      config: sampleConfig,
      files: [{ name: "report.pdf", url: "/test/fixtures/report.pdf" }],
      chunkSize: 16,
    }),
  );
  assert.equal(error.file, "report.pdf");
  assert.equal(typeof error.line, "number");
  const native = cli(FIXTURES, join(SAMPLE, "config.json"), ["report.pdf"]);
  assert.equal(native.status, 2, `cxkpi report exited ${native.status}, expected 2`);
  assert.ok(
    native.stderr.includes(error.message),
    `CLI stderr ${JSON.stringify(native.stderr)} lacks ${JSON.stringify(error.message)}`,
  );
});

test("a ZIP of two CSVs and an .xlsx workbook give the CLI's report (finishFiles)", async () => {
  const dir = join(ROOT, "tests", "data", "archives");
  const config = join(ROOT, "tests", "data", "calls_basic.config.json");
  const files = [
    { name: "export.zip", url: "/data/archives/export.zip" },
    { name: "book.xlsx", url: "/data/archives/book.xlsx" },
  ];
  const result = assertOk(
    await inWorker({ config: readFileSync(config, "utf8"), files, chunkSize: 1000, finishFiles: true }),
  );
  assert.deepEqual(
    result.inputs.map((i) => i.file),
    ["export.zip/tickets_basic.csv", "export.zip/calls_basic.csv", "book.xlsx#Tickets", "book.xlsx#Notes"],
  );
  assert.deepEqual(
    result.inputs.map((i) => i.kind ?? null),
    ["tickets", "calls", "tickets", null],
  );
  assert.match(result.inputs[3].error.message, /^book\.xlsx#Notes: cannot tell which table this is/);
  assert.deepEqual(result.report, cliReport(dir, config, ["export.zip", "book.xlsx"]));
});

test("an Asterisk queue_log (no header, events joined per call) in 5-byte chunks gives the CLI's report", async () => {
  const config = '{"period": {"start": "2026-03-01", "end": "2026-04-01"}, "group_by": ["agent", "queue"]}';
  const configFile = join(mkdtempSync(join(tmpdir(), "cxkpi-")), "config.json");
  writeFileSync(configFile, config);
  const files = [{ name: "queue_log", url: "/data/vendors/queue_log" }];
  const result = assertOk(await inWorker({ config, files, chunkSize: 5 }));
  assert.equal(result.inputs[0].format, "asterisk_queue_log");
  assert.equal(result.report.metrics["calls.offered"].value, 10);
  assert.deepEqual(result.report, cliReport(join(ROOT, "tests", "data", "vendors"), configFile, ["queue_log"]));
});

test("a corrupt ZIP throws a JS Error naming the file, as in the CLI", async () => {
  const error = thrown(
    await inWorker({
      config: sampleConfig,
      files: [{ name: "tickets.csv", url: "/test/fixtures/broken.zip" }],
      chunkSize: 5,
      finishFiles: true,
    }),
  );
  assert.equal(error.file, "tickets.csv");
  assert.match(error.message, /^tickets\.csv: cannot read this ZIP archive or Excel workbook: /);
});

test("a new time_zone makes report() ask for the files again", async () => {
  const utc = JSON.stringify({ ...JSON.parse(sampleConfig), time_zone: "UTC" });
  const result = assertOk(
    await inWorker({
      config: sampleConfig,
      files: [{ name: "calls.csv", url: "/data/sample/calls.csv" }],
      chunkSize: 65536,
      thenConfig: utc,
      reload: true,
    }),
  );
  assert.ok(result.staleError, "report() did not throw after the time zone changed");
  assert.equal(result.staleError.isError, true);
  assert.deepEqual(result.staleError.reload, ["calls.csv"]);
  assert.match(result.staleError.message, /UTC/);
  const utcFile = join(mkdtempSync(join(tmpdir(), "cxkpi-")), "config.json");
  writeFileSync(utcFile, utc);
  assert.deepEqual(result.report, cliReport(SAMPLE, utcFile, ["calls.csv"]));
});

test("no request went anywhere but the test server", () => {
  assert.ok(requests.length > 0, "no request was seen at all");
  const local = (url) => url.startsWith(`${origin}/`);
  // Worker requests are seen too: the wasm module and a data file fetched from the worker.
  assert.ok(
    requests.some((u) => u === `${origin}/pkg/cxkpi_bg.wasm`),
    "the wasm fetch was not seen",
  );
  assert.ok(
    requests.some((u) => u.startsWith(`${origin}/data/`)),
    "the worker's data fetches were not seen",
  );
  assert.deepEqual(
    requests.filter((u) => !local(u)),
    [],
  );
});

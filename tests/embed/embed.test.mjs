// Tests of the JS package (dist/cxkpi, from scripts/build-pkg.mjs) and its three
// examples, each against the CLI's report for the sample exports:
//   examples/html  in Chromium: the page embeds <cxkpi-dashboard>, the fixture files go in
//                  through the page's own file input, the element's `report` equals the CLI's
//   the API        createEngine() in Chromium with File, Blob, ArrayBuffer and ReadableStream sources
//   examples/vite  `tsc --noEmit` passes, `vite build` builds, and the built app works in Chromium
//   examples/node  prints the CLI's report
// Needs www/pkg (scripts/build-wasm.sh), www/vendor (scripts/build-www.mjs), dist/cxkpi
// (scripts/build-pkg.mjs) and the release CLI (CXKPI_CLI, else $CARGO_TARGET_DIR or target/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PKG = join(ROOT, "dist", "cxkpi");
const SAMPLE = join(ROOT, "tests", "data", "sample");
const FILES = readdirSync(SAMPLE).filter((f) => f.endsWith(".csv")).sort();
const CONFIG = JSON.parse(readFileSync(join(SAMPLE, "config.json"), "utf8"));
const BIN = join(ROOT, "node_modules", ".bin");
const CLI = process.env.CXKPI_CLI || [join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "release", "cxkpi"), join(ROOT, "target", "release", "cxkpi")].find(existsSync);

let browser;
const servers = [];

/** The CLI's report for the sample, run in the sample folder so file names are bare. */
function cliReport() {
  assert.ok(CLI, "the release CLI is missing: cargo build --release (or set CXKPI_CLI)");
  const run = spawnSync(CLI, ["report", "--config", "config.json", ...FILES], { cwd: SAMPLE, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}
let expected;

/** Link the package into an example's node_modules, as `npm install` does for a `file:` dependency. */
function linkPackage(example) {
  const dir = join(ROOT, "examples", example, "node_modules");
  const link = join(dir, "cxkpi");
  mkdirSync(dir, { recursive: true });
  if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) rmSync(link, { recursive: true, force: true });
  symlinkSync(relative(dir, PKG), link, "dir");
}

async function open(mounts) {
  const { server, origin } = await serve({ mounts, port: 0 });
  servers.push(server);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) foreign.push(r.url()); });
  return { page, origin, errors, foreign, context };
}

before(async () => {
  assert.ok(existsSync(join(PKG, "pkg", "cxkpi_bg.wasm")), "dist/cxkpi is missing: run node scripts/build-pkg.mjs");
  expected = cliReport();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  for (const s of servers) await new Promise((done) => s.close(done));
});

test("examples/html: the embedded element's report equals the CLI's", async () => {
  const { page, origin, errors, foreign, context } = await open({ "/": join(ROOT, "examples", "html"), "/cxkpi/": PKG });
  await page.goto(origin + "/");
  await page.waitForSelector("cxkpi-dashboard[data-ready]", { timeout: 20_000 });
  await page.evaluate((config) => {
    window.__reports = [];
    window.__errors = [];
    const dash = document.querySelector("cxkpi-dashboard");
    dash.addEventListener("report", (e) => window.__reports.push(e.detail));
    dash.addEventListener("error", (e) => window.__errors.push({ isError: e.detail instanceof Error, name: e.detail.name, message: e.detail.message, file: e.detail.file, line: e.detail.line }));
    dash.config = config;
  }, CONFIG);
  const t0 = Date.now();
  await page.setInputFiles("#files", FILES.map((f) => join(SAMPLE, f)));
  await page.waitForFunction((n) => {
    const dash = document.querySelector("cxkpi-dashboard");
    return dash.dataset.cxBusy === "0" && window.__reports.at(-1)?.inputs.length === n;
  }, FILES.length, { timeout: 60_000 });
  const ms = Date.now() - t0;
  const report = await page.evaluate(() => window.__reports.at(-1));
  assert.deepEqual(report, expected);
  assert.deepEqual(await page.evaluate(() => document.querySelector("cxkpi-dashboard").report), expected, "the report property");
  // The host page's widget heard the event.
  assert.equal(await page.textContent("#open-tickets"), String(expected.metrics["tickets.created"].value));

  // cards="tickets calls surveys": only those cards; the property widens it to all.
  const families = () => page.evaluate(() => [...document.querySelector("cxkpi-dashboard").shadowRoot.querySelectorAll(".cx-card[data-family]")].map((c) => c.dataset.family));
  assert.deepEqual((await families()).sort(), ["calls", "surveys", "tickets"]);
  await page.evaluate(() => { document.querySelector("cxkpi-dashboard").cards = null; });
  assert.ok((await families()).length > 3, "all cards once the cards property is null");

  // Themed by the host page's --cx-* rule on the element.
  const accent = await page.evaluate(() => getComputedStyle(document.querySelector("cxkpi-dashboard").shadowRoot.querySelector(".cx-app")).getPropertyValue("--cx-accent").trim());
  assert.equal(accent, "#294b3a");

  // A file that is not a table: an `error` event carrying a CxkpiError with the file.
  await page.setInputFiles("#files", join(ROOT, "tests", "e2e", "data", "not_a_table.csv"));
  await page.waitForFunction(() => window.__errors.length > 0, null, { timeout: 20_000 });
  const [err] = await page.evaluate(() => window.__errors);
  assert.equal(err.isError, true);
  assert.equal(err.name, "CxkpiError");
  assert.equal(err.file, "not_a_table.csv");

  // lang attribute: the UI switches language.
  await page.evaluate(() => document.querySelector("cxkpi-dashboard").setAttribute("lang", "sv"));
  assert.equal(await page.evaluate(() => document.querySelector("cxkpi-dashboard").shadowRoot.querySelector(".cx-app").getAttribute("lang")), "sv");

  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  console.log(`# examples/html: 6 sample files to the element's report in ${ms} ms`);
  await context.close();
});

test("createEngine in Chromium: File, Blob, ArrayBuffer and ReadableStream sources; errors; dispose", async () => {
  const { page, origin, errors, foreign, context } = await open({ "/": join(ROOT, "examples", "html"), "/cxkpi/": PKG, "/sample/": SAMPLE });
  await page.goto(origin + "/");
  const out = await page.evaluate(async ({ files, config }) => {
    const { createEngine, CxkpiError } = await import("/cxkpi/lib/cxkpi.js");
    const engine = await createEngine({ config });
    const progress = [];
    const inputs = [];
    for (const [i, name] of files.entries()) {
      const res = await fetch(`/sample/${name}`);
      const opts = { name, onProgress: (p) => progress.push(p) };
      // Each file through a different kind of source.
      if (i % 4 === 0) inputs.push(await engine.addFile(new File([await res.blob()], name), { onProgress: opts.onProgress }));
      else if (i % 4 === 1) inputs.push(await engine.addFile(await res.blob(), opts));
      else if (i % 4 === 2) inputs.push(await engine.addFile(await res.arrayBuffer(), opts));
      else inputs.push(await engine.addFile(res.body, opts));
    }
    const report = await engine.report();
    const errorOf = async (promise) => {
      try { await promise; return null; } catch (e) {
        return { isCxkpi: e instanceof CxkpiError, isError: e instanceof Error, name: e.name, message: e.message, file: e.file, line: e.line, column: e.column, field: e.field };
      }
    };
    const badConfig = await errorOf(engine.setConfig({ ...config, csat_scale: "five" }));
    const unknownField = await errorOf(createEngine({ config: { colour: "red" } }));
    const bad = await errorOf(engine.addFile(new Blob(["id,created_at\n1,2026-13-45\n"]), { name: "bad.csv", kind: "tickets" }));
    const noName = await errorOf(engine.addFile(new Blob(["x"])));
    const after = await engine.report(); // the bad file and config left no trace
    engine.dispose();
    const disposed = await errorOf(engine.report());
    return { inputs, report, progress, badConfig, unknownField, bad, noName, after, disposed };
  }, { files: FILES, config: CONFIG });

  assert.deepEqual(out.report, expected);
  assert.deepEqual(out.after, expected);
  assert.deepEqual(out.inputs, expected.inputs.slice().sort((a, b) => FILES.indexOf(a.file) - FILES.indexOf(b.file)));
  assert.ok(out.progress.length >= FILES.length * 2, "progress callbacks");
  assert.ok(out.progress.some((p) => p.total === null), "a stream reports progress without a total");
  assert.ok(out.progress.some((p) => p.total > 0 && p.loaded === p.total), "a blob reports its total");
  for (const e of [out.badConfig, out.unknownField, out.noName, out.disposed]) {
    assert.ok(e && e.isCxkpi && e.isError && e.name === "CxkpiError", JSON.stringify(e));
  }
  assert.equal(out.badConfig.field, "csat_scale");
  assert.equal(out.unknownField.field, "colour");
  assert.match(out.disposed.message, /disposed/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test("createEngine in Chromium: an .xlsx and a ZIP from the package fetch the archive module, CSVs do not", async () => {
  const { page, origin, errors, foreign, context } = await open({ "/": join(ROOT, "examples", "html"), "/cxkpi/": PKG, "/data/": join(ROOT, "tests", "data") });
  const archiveFetches = [];
  page.on("request", (r) => { if (r.url().includes("/pkg/cxkpi_archive")) archiveFetches.push(new URL(r.url()).pathname); });
  await page.goto(origin + "/");
  const csv = await page.evaluate(async () => {
    const { createEngine } = await import("/cxkpi/lib/cxkpi.js");
    const engine = (window.engine = await createEngine({ config: { time_zone: "UTC" } }));
    window.add = async (name) => engine.addFile(await (await fetch(`/data/${name}`)).blob(), { name: name.split("/").pop() });
    return window.add("tickets_basic.csv");
  });
  assert.equal(csv.kind, "tickets");
  assert.deepEqual(archiveFetches, [], "a CSV fetched the archive module");
  const out = await page.evaluate(async () => {
    const inputs = [await window.add("archives/book.xlsx"), await window.add("archives/export.zip")];
    window.engine.dispose();
    return { inputs };
  });
  assert.deepEqual(out.inputs.map((i) => i.inputs.map((e) => e.file)), [
    ["book.xlsx#Tickets", "book.xlsx#Notes"],
    ["export.zip/tickets_basic.csv", "export.zip/calls_basic.csv"],
  ]);
  assert.equal(out.inputs[0].inputs[0].kind, "tickets");
  assert.match(out.inputs[0].inputs[1].error.message, /^book\.xlsx#Notes: cannot tell which table this is/);
  assert.deepEqual(archiveFetches.sort(), ["/cxkpi/pkg/cxkpi_archive.js", "/cxkpi/pkg/cxkpi_archive_bg.wasm"]);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test("examples/vite: tsc --noEmit passes, vite build builds, and the built app computes the CLI's numbers", async () => {
  linkPackage("vite");
  const dir = join(ROOT, "examples", "vite");
  const tsc = spawnSync(join(BIN, "tsc"), ["--noEmit", "-p", dir], { encoding: "utf8" });
  assert.equal(tsc.status, 0, `tsc --noEmit:\n${tsc.stdout}${tsc.stderr}`);
  // The example skips library checks (as Vite's templates do); check the package's own .d.ts strictly.
  const dts = ["lib/cxkpi.d.ts", "lib/node.d.ts", "lib/types.d.ts", "lib/errors.d.ts", "dashboard/element.d.ts"].map((f) => join(PKG, f));
  const strict = spawnSync(join(BIN, "tsc"), ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom,dom.iterable", ...dts], { encoding: "utf8" });
  assert.equal(strict.status, 0, `tsc on the package's .d.ts:\n${strict.stdout}${strict.stderr}`);
  const outDir = mkdtempSync(join(tmpdir(), "cxkpi-vite-"));
  const t0 = Date.now();
  const build = spawnSync(join(BIN, "vite"), ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { cwd: dir, encoding: "utf8" });
  assert.equal(build.status, 0, `vite build:\n${build.stdout}${build.stderr}`);
  const buildMs = Date.now() - t0;
  const assets = readdirSync(join(outDir, "assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 2, `the engine's and the archive module's .wasm in ${assets}`);
  assert.ok(assets.some((f) => /worker/.test(f)), `a worker chunk in ${assets}`);

  const { page, origin, errors, foreign, context } = await open({ "/": outDir });
  await page.goto(origin + "/");
  await page.waitForSelector("cxkpi-dashboard[data-ready]", { timeout: 20_000 });
  // The app listens for files only once its engine is up (top-level await).
  await page.waitForSelector("body[data-ready]", { timeout: 20_000 });
  await page.setInputFiles("#files", FILES.map((f) => join(SAMPLE, f)));
  await page.waitForFunction(() => document.querySelectorAll("#kpis tr").length > 0, null, { timeout: 60_000 });
  const cells = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#kpis tr")].map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent])));
  // The app's config differs from the sample's; its own report is the reference (the CLI under the app's config).
  const appConfig = { time_zone: "Europe/Oslo", granularity: "month", group_by: ["agent"] };
  const want = cliWith(appConfig);
  for (const [id, v] of Object.entries(want.metrics)) {
    const head = "median" in v ? v.median : v.value;
    assert.equal(cells[id], String(head ?? "–"), id);
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
  rmSync(outDir, { recursive: true, force: true });
  console.log(`# examples/vite: vite build ${buildMs} ms`);
});

function cliWith(config) {
  const dir = mkdtempSync(join(tmpdir(), "cxkpi-cfg-"));
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify(config));
  const run = spawnSync(CLI, ["report", "--config", path, ...FILES], { cwd: SAMPLE, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, run.stderr);
  rmSync(dir, { recursive: true, force: true });
  return JSON.parse(run.stdout);
}

test("examples/node: prints the CLI's report; a bad config exits 2 naming the field", () => {
  linkPackage("node");
  const script = join(ROOT, "examples", "node", "report.mjs");
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [script, "--config", "config.json", ...FILES], { cwd: SAMPLE, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = Date.now() - t0;
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), expected);

  const dir = mkdtempSync(join(tmpdir(), "cxkpi-node-"));
  writeFileSync(join(dir, "bad.json"), '{"csat_scale": 0}');
  const bad = spawnSync(process.execPath, [script, "--config", join(dir, "bad.json"), "tickets.csv"], { cwd: SAMPLE, encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /csat_scale/);
  rmSync(dir, { recursive: true, force: true });
  console.log(`# examples/node: 6 sample files in ${ms} ms (node startup included)`);
});

test("dist/cxkpi packs: every export target is in the tarball", () => {
  const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  const run = spawnSync("npm", ["pack", "--dry-run", "--json", PKG], { cwd: tmpdir(), encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const [packed] = JSON.parse(run.stdout);
  const files = new Set(packed.files.map((f) => f.path));
  const targets = [];
  const walk = (v) => (typeof v === "string" ? targets.push(v.slice(2)) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const t of targets) assert.ok(files.has(t), `${t} is packed`);
  assert.ok(files.has("pkg/cxkpi_bg.wasm"));
  console.log(`# dist/cxkpi: ${packed.entryCount} files, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
});

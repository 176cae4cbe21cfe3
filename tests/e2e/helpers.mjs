// Shared pieces of the page's end-to-end tests: the browser, the server, the
// CLI's report for the same files and config, and reading numbers off the page.
import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, repoRoot, hasWasmBuild } from "./server.mjs";

export { repoRoot };
export const outDir = join(repoRoot, "test-output");
mkdirSync(outDir, { recursive: true });

/** The sample exports and their config (tests/data/sample; www/sample as a fallback). */
export function sampleFiles() {
  const dir = [join(repoRoot, "tests", "data", "sample"), join(repoRoot, "www", "sample")].find((d) => existsSync(d));
  if (!dir) throw new Error("no sample data: tests/data/sample is missing");
  const files = readdirSync(dir).filter((f) => f.endsWith(".csv")).sort().map((f) => join(dir, f));
  return { dir, files, config: join(dir, "config.json") };
}

export const dataFile = (name) => join(repoRoot, "tests", "e2e", "data", name);

/** Debian's Chromium, headless, with no background traffic (this machine's network is closed). */
export const launchChromium = () => chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

/** Start the server and the browser. Without a wasm build this throws. */
export async function start() {
  if (!hasWasmBuild()) {
    throw new Error("www/pkg/cxkpi_bg.wasm is missing: run `bash scripts/build-wasm.sh` first");
  }
  const server = await serve();
  const browser = await launchChromium();
  return { server, browser, async stop() { await browser.close(); await server.close(); } };
}

/**
 * A fresh page (its own context: empty localStorage) at `hash`, with every
 * request recorded in `requests` ({url, time}) and page errors collected.
 * Resolves once the engine in the worker is ready.
 */
export async function openPage(env, { hash = "", locale = "en-GB", colorScheme = "light", context } = {}) {
  const ctx = context || (await env.browser.newContext({ locale, colorScheme, viewport: { width: 1440, height: 1000 }, acceptDownloads: true }));
  await ctx.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push({ url: r.url(), time: Date.now() }));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(env.server.url + (hash ? "#" + hash : ""));
  await page.waitForSelector("html[data-cx-ready]", { timeout: 20_000 });
  return { page, ctx, requests, errors };
}

/** Content-Security-Policy violations the page reported so far. */
export const cspViolations = (page) => page.evaluate(() => window.__cspViolations || []);

/** Settings hash for a config (the page's own encoder, run in Node). */
export async function hashFor(lang, config) {
  const { encodeHash } = await import("../../www/dashboard/state.js");
  return encodeHash({ lang, config });
}

/** Wait until no file is being read and at least `after` reports have been drawn. */
export async function settled(page, after = 0) {
  await page.waitForFunction((n) => {
    const d = document.documentElement.dataset;
    return d.cxBusy === "0" && Number(d.cxReports || 0) > n;
  }, after, { timeout: 60_000 });
  // The worker answers a burst of changes with one report; give a late one time to land.
  await page.waitForTimeout(300);
}

export const reportsShown = (page) => page.evaluate(() => Number(document.documentElement.dataset.cxReports || 0));

/** The config the page is using (decoded from its URL hash). */
export const pageConfig = (page) => page.evaluate(async () => (await import("/dashboard/state.js")).decodeHash(location.hash).config);

let built = false;
/** The CLI's report for `files` under `config` (SPEC section 8). */
export function cliReport(config, files) {
  let bin = process.env.CXKPI_CLI || join(process.env.CARGO_TARGET_DIR || join(repoRoot, "target"), "release", "cxkpi");
  if (!existsSync(bin) && !built) {
    execFileSync("cargo", ["build", "--release", "--quiet", "--bin", "cxkpi"], { cwd: repoRoot, stdio: "inherit" });
    built = true;
  }
  const dir = mkdtempSync(join(tmpdir(), "cxkpi-e2e-"));
  const configPath = join(dir, "config.json");
  writeFileSync(configPath, JSON.stringify(config));
  const run = spawnSync(bin, ["report", "--config", configPath, ...files], { encoding: "utf8", maxBuffer: 256 << 20 });
  if (run.status !== 0) throw new Error(`cxkpi report failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * Every number the page shows for report metrics, as {selector → text}:
 * the period tables of every card (data-scope="table") and the cells of
 * every breakdown table on screen (data-group-column / data-group).
 */
export const shownNumbers = (page) => page.evaluate(() => {
  const out = { period: {}, groups: {} };
  for (const el of document.querySelectorAll('[data-metric][data-scope="table"]')) out.period[el.dataset.metric] = el.textContent.trim();
  for (const el of document.querySelectorAll("td[data-metric][data-group-column]:not([data-stat])")) {
    const key = `${el.dataset.groupColumn}\u0000${el.dataset.group}\u0000${el.dataset.metric}`;
    out.groups[key] = el.textContent.trim();
  }
  return out;
});

/** The text the page's own formatter gives each value of `report` (run in the page, same ICU as the screen). */
export const expectedNumbers = (page, report, locale) => page.evaluate(async ({ report, locale }) => {
  const { formatMetric } = await import("/render/format.js");
  const out = { period: {}, groups: {} };
  for (const [id, v] of Object.entries(report.metrics)) out.period[id] = formatMetric(id, v, locale);
  for (const [col, values] of Object.entries(report.groups || {})) {
    for (const [name, metrics] of Object.entries(values)) {
      for (const [id, v] of Object.entries(metrics)) out.groups[`${col}\u0000${name}\u0000${id}`] = formatMetric(id, v, locale);
    }
  }
  return out;
}, { report, locale });

/** Compare what is shown with what is expected: every period metric, and every breakdown cell on screen. */
export function compareNumbers(assert, shown, expected, label) {
  assert.deepEqual(Object.keys(shown.period).sort(), Object.keys(expected.period).sort(), `${label}: the same metrics`);
  for (const [id, text] of Object.entries(expected.period)) assert.equal(shown.period[id], text, `${label}: ${id}`);
  const cells = Object.keys(shown.groups);
  assert.ok(cells.length > 0, `${label}: some breakdown cells are shown`);
  for (const key of cells) {
    const want = expected.groups[key] ?? "–";
    assert.equal(shown.groups[key], want, `${label}: ${key.replaceAll("\u0000", " / ")}`);
  }
}

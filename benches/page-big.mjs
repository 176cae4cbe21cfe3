#!/usr/bin/env node
// Big tickets files in the real page (issues 4 and 8): each file goes through
// the page's file input in headless Chromium, and we measure
//   - main-thread long tasks (PerformanceObserver "longtask": count, longest;
//     the page must not freeze, so the longest should stay at or under 50 ms),
//   - the time from the file input to the dashboard,
//   - the renderer's peak resident memory (VmHWM of Chromium's renderer
//     processes; the engine's worker runs in the page's renderer),
//   - that the dashboard shows the file's row count, or what the page says
//     when the file does not fit.
// Not part of the test run: a 1 GB file takes minutes.
//
//   node benches/page-big.mjs [SIZE_MB...]        (default: 500 1000)
//
// Needs www/pkg (scripts/build-wasm.sh). Files are benches/data/tickets-SIZEmb.csv
// (benches/gen-tickets.mjs, about 133 bytes a row), made when missing and kept
// (benches/data is git-ignored; delete them when done). Prints one Markdown table row per file.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { serve, repoRoot, hasWasmBuild } from "../tests/e2e/server.mjs";
import { encodeHash } from "../www/dashboard/state.js";

const sizes = process.argv.slice(2).map(Number);
if (!sizes.length) sizes.push(500, 1000);
if (!hasWasmBuild()) throw new Error("www/pkg/cxkpi_bg.wasm is missing: run `bash scripts/build-wasm.sh` first");

/** Peak and current resident memory (MiB) of the renderer processes (one browser runs at a time). */
function rendererMemory() {
  const out = { peak: 0, now: 0 };
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("--type=renderer")) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kib = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
      out.peak = Math.max(out.peak, kib("VmHWM") / 1024);
      out.now = Math.max(out.now, kib("VmRSS") / 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

const server = await serve();
const hash = encodeHash({ lang: "en", config: { time_zone: "UTC" } });
console.log("| file | rows | main-thread long tasks | longest | file input → dashboard | renderer peak RSS | shown |");
console.log("|---|---|---|---|---|---|---|");
try {
  for (const mb of sizes) {
    const rows = Math.floor((mb * 1e6) / 133);
    const file = join(repoRoot, "benches", "data", `tickets-${mb}mb.csv`);
    if (!existsSync(file)) execFileSync(process.execPath, [join(repoRoot, "benches", "gen-tickets.mjs"), String(rows), file], { stdio: "inherit" });
    const bytes = statSync(file).size;

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1440, height: 1000 } });
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ at: e.startTime, ms: e.duration }); })
        .observe({ type: "longtask", buffered: true });
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url + "#" + hash);
    await page.waitForSelector("html[data-cx-ready]", { timeout: 60_000 });
    // The observer must see a task it should: block the main thread for 120 ms, then start counting.
    // (In a task of the page's own: Chromium 156 does not report a script run by the driver itself.)
    await page.evaluate(() => new Promise((done) => setTimeout(() => { const end = performance.now() + 120; while (performance.now() < end); done(); })));
    await page.waitForFunction(() => window.__longTasks.some((t) => t.ms >= 100), null, { timeout: 10_000 });
    const inputAt = await page.evaluate(() => { window.__longTasks.length = 0; return performance.now(); });

    const t0 = Date.now();
    await page.setInputFiles("input[type=file][multiple]", file);
    await page.waitForFunction(() => {
      const row = document.querySelector(".cx-file");
      if (row?.dataset.status === "failed") return true;
      return row?.dataset.status === "done" && document.documentElement.dataset.cxBusy === "0" && document.querySelector('[data-metric="tickets.created"][data-scope="table"]');
    }, null, { timeout: 30 * 60_000, polling: 1000 });
    const ms = Date.now() - t0;
    await page.waitForTimeout(1000); // the last long task, if any, is reported after it ends
    const longTasks = await page.evaluate(() => window.__longTasks);
    const status = await page.getAttribute(".cx-file", "data-status");
    let shown;
    if (status === "done") {
      const rowsShown = await page.getAttribute(".cx-file [data-rows]", "data-rows");
      const created = await page.textContent('[data-metric="tickets.created"][data-scope="table"]');
      shown = `${rowsShown} rows${Number(rowsShown) === rows ? " (right)" : ` (WRONG: ${rows} written)`}, tickets.created ${created}`;
    } else {
      const alert = page.locator(".cx-file [role=alert]");
      shown = `failed, code ${await alert.getAttribute("data-code")}: "${(await alert.textContent()).trim()}"`;
    }
    if (errors.length) shown += `; page errors: ${errors.join(" / ")}`;
    const mem = rendererMemory();
    const longest = longTasks.reduce((a, t) => (t.ms > a.ms ? t : a), { ms: 0, at: inputAt });
    console.log(`| ${(bytes / 1e6).toFixed(0)} MB | ${rows.toLocaleString("en")} | ${longTasks.length} | ${longTasks.length ? `${longest.ms.toFixed(0)} ms, ${((longest.at - inputAt) / 1000).toFixed(1)} s after the input` : "–"} | ${(ms / 1000).toFixed(1)} s | ${mem.peak.toFixed(0)} MiB | ${shown} |`);
    await browser.close();
  }
} finally {
  await server.close();
}

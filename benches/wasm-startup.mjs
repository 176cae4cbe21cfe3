#!/usr/bin/env node
// The page's wasm modules: their size (raw and gzip -9) and their start-up in
// headless Chromium (Debian's, via playwright-core), each run in a fresh browser
// context so nothing is cached:
//   engine    import pkg/cxkpi.js, fetch + compile + instantiate the wasm, new Engine()
//   worker    createEngine() from www/lib/cxkpi.js: a module worker doing the same, until ready
//   archive   import pkg/cxkpi_archive.js and init it (what dropping the first .xlsx/.zip adds)
// Served from 127.0.0.1 (scripts/serve.mjs, no compression), so network time is ~0.
// Needs www/pkg (bash scripts/build-wasm.sh). Usage: node benches/wasm-startup.mjs [RUNS]   (default 7)
import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../scripts/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");
const runs = Number(process.argv[2] || 7);

// Sizes as scripts/build-wasm.sh prints them (the gzip command; node's zlib at level 9 differs by ~1 %).
for (const name of ["cxkpi_bg.wasm", "cxkpi_archive_bg.wasm"]) {
  const path = join(www, "pkg", name);
  const gz = execFileSync("gzip", ["-9", "-c", path], { maxBuffer: 64 << 20 }).length;
  console.log(`${name}: ${statSync(path).size} B raw, ${gz} B gzip -9`);
}

const blank = mkdtempSync(join(tmpdir(), "cxkpi-startup-"));
writeFileSync(join(blank, "index.html"), '<!doctype html><meta charset="utf-8"><title>start-up</title>\n');
const { server, origin } = await serve({ mounts: { "/": www, "/bench/": blank }, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});

const version = `Chromium ${browser.version()}`;
const times = { engine: [], worker: [], archive: [] };
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/bench/`);
    const t = await page.evaluate(async () => {
      const t0 = performance.now();
      const engine = await import("/pkg/cxkpi.js");
      await engine.default();
      new engine.Engine().free();
      const t1 = performance.now();
      const archive = await import("/pkg/cxkpi_archive.js");
      await archive.default();
      const t2 = performance.now();
      return { engine: t1 - t0, archive: t2 - t1 };
    });
    await context.close();
    // The worker on its own fresh context: its wasm must not come from the first's cache.
    const workerContext = await browser.newContext();
    const workerPage = await workerContext.newPage();
    await workerPage.goto(`${origin}/bench/`);
    const worker = await workerPage.evaluate(async () => {
      const t0 = performance.now();
      const { createEngine } = await import("/lib/cxkpi.js");
      const engine = await createEngine();
      const ms = performance.now() - t0;
      engine.dispose();
      return ms;
    });
    await workerContext.close();
    times.engine.push(t.engine);
    times.archive.push(t.archive);
    times.worker.push(worker);
  }
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`start-up in ${version}, median of ${runs} (min–max), ms:`);
for (const [what, xs] of Object.entries(times)) {
  console.log(`  ${what.padEnd(8)} ${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`);
}

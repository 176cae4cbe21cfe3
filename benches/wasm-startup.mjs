#!/usr/bin/env node
// The page's wasm modules: their size (raw and gzip -9) and their start-up in
// headless Chromium (Debian's, via playwright-core), each run in a fresh browser
// context so nothing is cached. For the engine (pkg/cxkpi.js) and the archive
// module (pkg/cxkpi_archive.js, what dropping the first .xlsx/.zip adds), in steps:
//   fetch     the .wasm's bytes          compile   WebAssembly.compile
//   glue      import the wasm-bindgen JS  init      instantiate, start, and for the engine new Engine()
// and `worker`: createEngine() from www/lib/cxkpi.js until ready (a module worker
// doing all of the engine's steps), as the page starts.
// Served from 127.0.0.1 by scripts/serve.mjs (no compression) in this process, so
// fetch is mostly the server's and the machine's load, not the network.
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
const times = {};
const record = (name, ms) => (times[name] ??= []).push(ms);
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/bench/`);
    const steps = await page.evaluate(async () => {
      const out = {};
      for (const name of ["cxkpi", "cxkpi_archive"]) {
        const t0 = performance.now();
        const bytes = await (await fetch(`/pkg/${name}_bg.wasm`)).arrayBuffer();
        const t1 = performance.now();
        const module = await WebAssembly.compile(bytes);
        const t2 = performance.now();
        const glue = await import(`/pkg/${name}.js`);
        const t3 = performance.now();
        glue.initSync({ module });
        if (glue.Engine) new glue.Engine().free();
        const t4 = performance.now();
        out[name] = { fetch: t1 - t0, compile: t2 - t1, glue: t3 - t2, init: t4 - t3, total: t4 - t0 };
      }
      return out;
    });
    await context.close();
    for (const [name, parts] of Object.entries(steps)) {
      for (const [step, ms] of Object.entries(parts)) record(`${name} ${step}`, ms);
    }
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
    record("worker createEngine", worker);
  }
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`start-up in ${version}, median of ${runs} (min–max), ms:`);
for (const [what, xs] of Object.entries(times)) {
  console.log(`  ${what.padEnd(22)} ${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`);
}

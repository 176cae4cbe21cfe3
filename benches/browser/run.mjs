#!/usr/bin/env node
// The browser benchmark: cxkpi's wasm engine against DuckDB-WASM and against
// arquero + PapaParse, in headless Debian Chromium, on a real File (a seeded
// tickets CSV from benches/gen-tickets.mjs, picked with setInputFiles). Each
// run is a fresh browser on benches/browser/index.html, served from 127.0.0.1
// by scripts/serve.mjs; engines alternate within each round. Every engine's
// KPIs must equal cxkpi's (benches/kpis.mjs, relative 1e-9) or the run fails.
// Prints the medians and the ratios cxkpi / other and writes them into
// benches/RESULTS.md (section browser-ROWS).
//
//   bash benches/browser.sh [--rows 1e6] [--runs 3] [--engines cxkpi,duckdb,arquero] [--smoke] [--no-write]
//
// --smoke: 1e4 rows, one round, cross-check only, nothing written (scripts/test.sh).
// Peak memory is the renderer process's VmHWM (peak resident set, from
// /proc/PID/status; the PID from CDP SystemInfo.getProcessInfo): the page, its
// workers and every engine's heap and wasm memory, since each run has its own browser.
import { existsSync, readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launchChromium, repoRoot } from "../../tests/e2e/helpers.mjs";
import { serve } from "../../scripts/serve.mjs";
import { assertSame, reportRows } from "../kpis.mjs";
import { machine, writeSection } from "../results.mjs";

const { values: opts } = parseArgs({
  options: {
    rows: { type: "string", default: "1e6" },
    runs: { type: "string", default: "3" },
    engines: { type: "string", default: "cxkpi,duckdb,arquero" },
    smoke: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const rows = opts.smoke ? 10_000 : Number(opts.rows);
const runs = opts.smoke ? 1 : Number(opts.runs);
const engines = opts.engines.split(",");
if (engines[0] !== "cxkpi") throw new Error("--engines: cxkpi comes first (the others are checked against it)");
const config = JSON.parse(readFileSync(join(repoRoot, "benches", "config.json"), "utf8"));

const csv = join(repoRoot, "benches", "data", `tickets-${rows}.csv`);
if (!existsSync(csv)) execFileSync("node", [join(repoRoot, "benches", "gen-tickets.mjs"), String(rows), csv], { stdio: "inherit" });
const mib = statSync(csv).size / 2 ** 20;

const benches = join(repoRoot, "benches");
const { server, origin } = await serve({ mounts: { "/": join(benches, "browser"), "/www/": join(repoRoot, "www"), "/benches/": benches }, port: 0 });

/** One engine in a fresh browser: times, KPIs and the renderer's peak memory (MiB). */
async function measure(engine) {
  const browser = await launchChromium();
  try {
    // scripts/serve.mjs sends the page's strict CSP; arquero compiles its expressions with Function().
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForSelector("html[data-ready]");
    await page.setInputFiles("input[type=file]", csv);
    const out = await page.evaluate(({ engine, config }) => window.bench(engine, config), { engine, config });
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    const peaks = processInfo.filter((p) => p.type === "renderer").map((p) => vmHwmKiB(p.id) / 1024);
    if (errors.length) throw new Error(`${engine}: page errors: ${errors.join("; ")}`);
    return { ...out, peakMiB: Math.max(...peaks), version: browser.version() };
  } finally {
    await browser.close();
  }
}

const vmHwmKiB = (pid) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);

const results = Object.fromEntries(engines.map((e) => [e, []]));
let expected = null;
let version = "";
try {
  for (let round = 1; round <= runs; round++) {
    for (const engine of engines) {
      const r = await measure(engine);
      version = r.version;
      const kpis = engine === "cxkpi" ? reportRows(r.result) : r.result;
      expected ??= kpis;
      const n = assertSame(expected, kpis, ["cxkpi", engine]);
      const total = r.ms.startup + r.ms.load + r.ms.kpis;
      results[engine].push({ ...r.ms, total, peakMiB: r.peakMiB });
      console.error(
        `round ${round} ${engine.padEnd(7)} start-up ${ms(r.ms.startup)}  load ${ms(r.ms.load)}  KPIs ${ms(r.ms.kpis)}  total ${ms(total)}  peak ${r.peakMiB.toFixed(0)} MiB  (${n} numbers agree)`,
      );
    }
  }
} finally {
  server.close();
}

function ms(x) {
  return x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(2)} s`;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const NAMES = { cxkpi: "cxkpi (wasm, worker)", duckdb: "DuckDB-WASM 1.32.0 (eh)", arquero: "arquero 7.2.1 + PapaParse 5.7.1" };
const FIELDS = ["startup", "load", "kpis", "total", "peakMiB"];
const med = Object.fromEntries(engines.map((e) => [e, Object.fromEntries(FIELDS.map((f) => [f, median(results[e].map((r) => r[f]))]))]));
const cell = (e, f) => (f === "peakMiB" ? `${med[e][f].toFixed(0)} MiB` : f === "load" ? `${ms(med[e][f])} (${(mib / (med[e][f] / 1000)).toFixed(0)} MiB/s)` : ms(med[e][f]));
const lines = [
  "| engine | start-up | load (bytes → table) | KPIs (table → numbers) | total | peak renderer memory |",
  "|---|---|---|---|---|---|",
  ...engines.map((e) => `| ${NAMES[e]} | ${FIELDS.map((f) => cell(e, f)).join(" | ")} |`),
  ...engines.slice(1).map((e) => `| **cxkpi / ${e}** | ${FIELDS.map((f) => (med.cxkpi[f] / med[e][f]).toFixed(3)).join(" | ")} |`),
];
const table = lines.join("\n");
console.log(`\n${rows.toLocaleString("en")} rows (${mib.toFixed(1)} MiB), median of ${runs}, Chromium ${version}\n\n${table}`);

if (!opts.smoke && !opts["no-write"]) {
  writeSection(
    `browser-${rows}`,
    `### Browser: \`bash benches/browser.sh --rows ${rows} --runs ${runs}\`

Tickets CSV of ${rows.toLocaleString("en")} rows (${mib.toFixed(1)} MiB), medians of ${runs} runs per engine,
engines alternating, each run in a fresh headless Chromium ${version}. ${machine()}. The machine is shared
(other sessions compile on the same 2 cores): compare the ratios, which come from the same run, not the absolute times.
All engines gave the same numbers (every KPI of \`benches/kpis.mjs\` overall, by agent and by month, relative 1e-9).

${table}
`,
  );
  console.error(`benches/RESULTS.md: section browser-${rows} written`);
}

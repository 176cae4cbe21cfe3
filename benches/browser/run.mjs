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
    // Everything comes from 127.0.0.1 (DuckDB-WASM would fetch its ICU extension for auto-detected …Z timestamps).
    page.on("request", (r) => /^(blob|data):/.test(r.url()) || r.url().startsWith(origin) || errors.push(`a request to ${r.url()}`));
    await page.goto(`${origin}/`);
    await page.waitForSelector("html[data-ready]");
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    const renderers = processInfo.filter((p) => p.type === "renderer").map((p) => p.id);
    // The page reads the renderer's CPU time (all its threads: page, workers, wasm compilers) between phases.
    await page.exposeFunction("rendererCpuMs", () => renderers.reduce((sum, pid) => sum + cpuMs(pid), 0));
    await page.setInputFiles("input[type=file]", csv);
    const out = await page.evaluate(({ engine, config }) => window.bench(engine, config), { engine, config });
    if (errors.length) throw new Error(`${engine}: page errors: ${errors.join("; ")}`);
    return { ...out, peakMiB: Math.max(...renderers.map((pid) => vmHwmKiB(pid) / 1024)), version: browser.version() };
  } finally {
    await browser.close();
  }
}

const vmHwmKiB = (pid) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
/** User + system CPU time of a process, all threads (proc(5): utime and stime, fields 14 and 15). */
const cpuMs = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" "); // fields from 3 (state) on
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
};

const PHASES = ["startup", "load", "kpis"];
const sum = (phases) => PHASES.reduce((total, p) => total + phases[p], 0);
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
      const run = { wall: { ...r.ms, total: sum(r.ms) }, cpu: { ...r.cpu, total: sum(r.cpu) }, peakMiB: r.peakMiB };
      results[engine].push(run);
      const phases = ["startup", "load", "kpis", "total"].map((p) => `${p} ${ms(run.wall[p])} (CPU ${ms(run.cpu[p])})`);
      console.error(`round ${round} ${engine.padEnd(7)} ${phases.join("  ")}  peak ${r.peakMiB.toFixed(0)} MiB  (${n} numbers agree)`);
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

// Medians, each of its own column: wall and CPU medians may come from different runs.
const NAMES = { cxkpi: "cxkpi (wasm, worker)", duckdb: "DuckDB-WASM 1.32.0 (eh)", arquero: "arquero 7.2.1 + PapaParse 5.7.1" };
const COLUMNS = ["startup", "load", "kpis", "total"];
const med = Object.fromEntries(
  engines.map((e) => {
    const of = (kind, p) => median(results[e].map((r) => r[kind][p]));
    return [e, { wall: Object.fromEntries(COLUMNS.map((p) => [p, of("wall", p)])), cpu: Object.fromEntries(COLUMNS.map((p) => [p, of("cpu", p)])), peakMiB: median(results[e].map((r) => r.peakMiB)) }];
  }),
);
const speed = (x) => `${(mib / (x / 1000)).toFixed(0)} MiB/s`;
const cell = (e, p) => `${ms(med[e].wall[p])} / ${ms(med[e].cpu[p])}${p === "load" ? ` (${speed(med[e].wall[p])} / ${speed(med[e].cpu[p])})` : ""}`;
const ratio = (e, p) => `${(med.cxkpi.wall[p] / med[e].wall[p]).toFixed(2)} / ${(med.cxkpi.cpu[p] / med[e].cpu[p]).toFixed(2)}`;
const table = [
  "| wall / renderer CPU | start-up | load (bytes → table) | KPIs (table → numbers) | total | peak renderer memory |",
  "|---|---|---|---|---|---|",
  ...engines.map((e) => `| ${NAMES[e]} | ${COLUMNS.map((p) => cell(e, p)).join(" | ")} | ${med[e].peakMiB.toFixed(0)} MiB |`),
  ...engines.slice(1).map((e) => `| **cxkpi / ${e}** | ${COLUMNS.map((p) => ratio(e, p)).join(" | ")} | ${(med.cxkpi.peakMiB / med[e].peakMiB).toFixed(2)} |`),
].join("\n");
console.log(`\n${rows.toLocaleString("en")} rows (${mib.toFixed(1)} MiB), median of ${runs}, Chromium ${version}\n\n${table}`);

if (!opts.smoke && !opts["no-write"]) {
  writeSection(
    `browser-${rows}`,
    `### Browser: \`bash benches/browser.sh --rows ${rows} --runs ${runs}\`

${rows.toLocaleString("en")} rows (${mib.toFixed(1)} MiB), headless Chromium ${version}; ${machine()}.
Each cell: wall / renderer CPU time, the median of ${runs} runs (each column on its own). Every run gave cxkpi's numbers.

${table}
`,
  );
  console.error(`benches/RESULTS.md: section browser-${rows} written`);
}

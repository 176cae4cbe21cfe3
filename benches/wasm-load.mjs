// The wasm engine's own speed, without a browser: load a tickets CSV and
// compute one report in Node with the page's build (www/pkg), RUNS times
// (default 5), each on a fresh Engine. The file is pushed in 4 MiB chunks as
// the page does. The first run includes V8's tier-up of the module; the
// median is over the later ("warm") runs. CPU time is the process's
// (`process.cpuUsage`), so compare builds by running them alternately.
//
//   node benches/wasm-load.mjs FILE.csv [RUNS] [CONFIG.json]   (FILE e.g. from benches/gen-tickets.mjs)
import { initSync, Engine } from "../www/pkg/cxkpi.js";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const [file, runsArg, configFile] = process.argv.slice(2);
if (!file) throw new Error("usage: node benches/wasm-load.mjs FILE.csv [RUNS] [CONFIG.json]");
const runs = Math.max(2, Number(runsArg ?? 5));
initSync({ module: readFileSync(new URL("../www/pkg/cxkpi_bg.wasm", import.meta.url)) });
const config = readFileSync(configFile ?? new URL("config.json", import.meta.url), "utf8");
const bytes = readFileSync(file);
const CHUNK = 4 << 20;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
};
const timed = (f) => {
  const start = cpuMs();
  f();
  return cpuMs() - start;
};

const load = [];
const report = [];
for (let run = 0; run < runs; run++) {
  const engine = new Engine(config);
  load.push(
    timed(() => {
      const handle = engine.beginFile(basename(file), null, null, bytes.length);
      for (let at = 0; at < bytes.length; at += CHUNK) engine.pushChunk(handle, bytes.subarray(at, at + CHUNK));
      engine.finishFile(handle);
    }),
  );
  report.push(timed(() => engine.report()));
  engine.free();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mibPerS = (ms) => (bytes.length / 2 ** 20 / (ms / 1e3)).toFixed(0);
const warmLoad = median(load.slice(1));
console.log(`${basename(file)}: ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${runs} runs (CPU time)`);
console.log(`load    first ${load[0].toFixed(0)} ms, warm median ${warmLoad.toFixed(0)} ms = ${mibPerS(warmLoad)} MiB/s`);
console.log(`report  first ${report[0].toFixed(0)} ms, warm median ${median(report.slice(1)).toFixed(0)} ms`);

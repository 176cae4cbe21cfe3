// The wasm engine's linear memory for a tickets CSV (issue 7: peak wasm memory
// ≤ 1.5× the CSV), in Node with the page's build (www/pkg): the file is pushed
// in 4 MiB chunks as the page does, then one report with CONFIG (default
// benches/config.json). wasm memory never shrinks, so its size after each step
// is the peak so far.
//
//   node benches/wasm-memory.mjs FILE.csv [CONFIG.json]      (FILE e.g. from benches/gen-tickets.mjs)
import { initSync, Engine } from "../www/pkg/cxkpi.js";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { basename } from "node:path";

const [file, configFile] = process.argv.slice(2);
if (!file) throw new Error("usage: node benches/wasm-memory.mjs FILE.csv [CONFIG.json]");
const wasm = initSync({ module: readFileSync(new URL("../www/pkg/cxkpi_bg.wasm", import.meta.url)) });
const config = readFileSync(configFile ?? new URL("config.json", import.meta.url), "utf8");
const engine = new Engine(config);

const fd = openSync(file, "r");
const size = fstatSync(fd).size;
const handle = engine.beginFile(basename(file), null, null, size); // the size, as the page gives it
const chunk = Buffer.alloc(4 << 20);
for (let n; (n = readSync(fd, chunk, 0, chunk.length)) > 0; ) engine.pushChunk(handle, chunk.subarray(0, n));
closeSync(fd);
engine.finishFile(handle);
const loaded = wasm.memory.buffer.byteLength;
engine.report();
const reported = wasm.memory.buffer.byteLength;

const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const ratio = (b) => `${(b / size).toFixed(2)}× the CSV`;
console.log(`${basename(file)}: ${mib(size)}`);
console.log(`wasm memory after loading: ${mib(loaded)} (${ratio(loaded)})`);
console.log(`wasm memory after the report: ${mib(reported)} (${ratio(reported)})`);

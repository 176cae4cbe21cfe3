// The module worker behind createEngine() (cxkpi.js): the only browser file
// that loads the wasm engine. Requests are handled one at a time, in order.
//
// in:  {op: "module", module}   the compiled wasm (or null) from cxkpi.js; "init" waits for it
//      {req, op: "init", config} · {req, op: "config", config}
//      {req, op: "add", name, source: Blob, kind?, columns?}      (progress while reading)
//      {req, op: "begin", name, kind?, columns?} · {req, op: "chunk", handle, bytes} · {req, op: "finish", handle}
//      {req, op: "remove", name} · {req, op: "clear"} · {req, op: "report"}
// out: {req, ok: true, value} · {req, ok: false, error} · {req, progress: {loaded, total}}
//      {progress: {loaded, total}, name}                          (re-reading after a time-zone change)
// An error whose `code` is in LOST_ENGINE means the wasm instance trapped: this
// worker is finished, and the client (cxkpi.js) starts a fresh one.
import init, { Engine } from "../pkg/cxkpi.js";
import { Session } from "./session.js";
import { LOST_ENGINE, plainError } from "./errors.js";

let session = null;
let memory = null; // the wasm instance's memory: whether it can grow tells an out-of-memory trap
let moduleArrived;
const compiled = new Promise((resolve) => { moduleArrived = resolve; });

/** The ZIP/.xlsx reader: a second wasm module, fetched only when such a file comes. */
async function loadArchive() {
  const archive = await import("../pkg/cxkpi_archive.js");
  await archive.default();
  return archive;
}

const ops = {
  async init({ config }) {
    const module = await compiled;
    // Without a module from the page, wasm-bindgen's init fetches the wasm itself.
    memory = (await init(module ? { module_or_path: module } : undefined)).memory;
    session = new Session(Engine, config, loadArchive);
  },
  async config({ config }) {
    const reread = await session.setConfig(config, (name, progress) => postMessage({ name, progress }));
    return reread.map(({ name, input, error }) => (error ? { name, error: plainError(error) } : { name, input }));
  },
  add({ req, name, source, kind, columns }) {
    return session.addSource(name, source, { kind, columns }, (progress) => postMessage({ req, progress }));
  },
  begin: ({ name, kind, columns }) => session.begin(name, { kind, columns }),
  chunk: ({ handle, bytes }) => session.chunk(handle, bytes),
  finish: ({ handle }) => session.finish(handle),
  remove: ({ name }) => session.forget(name),
  clear: () => session.clear(),
  report() {
    const t0 = performance.now();
    const report = session.report();
    return { report, ms: performance.now() - t0 };
  },
};

let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (data.op === "module") return void moduleArrived(data.module); // not queued: "init" waits for it
  queue = queue.then(async () => {
    try {
      if (!session && data.op !== "init") throw new Error("the engine is not initialised");
      const value = await ops[data.op](data);
      postMessage({ req: data.req, ok: true, value });
    } catch (e) {
      postMessage({ req: data.req, ok: false, error: LOST_ENGINE.includes(e.code) ? lostEngine(e) : plainError(e) });
    }
  });
};

/**
 * The error of a trapped instance. Rust aborts the same way on a failed
 * allocation and on a bug. It was memory (`out_of_memory`) when the memory
 * cannot grow by one more page, or holds 1 GiB or more: on wasm32 a request
 * over 2 GiB is a capacity panic, so a failed one (a growing column doubling
 * its buffer) comes with a big memory.
 */
function lostEngine(e) {
  const bytes = memory?.buffer.byteLength ?? 0;
  let full = bytes >= 2 ** 30;
  try {
    memory?.grow(1); // the instance is dead: one more page harms nothing
  } catch {
    full = true;
  }
  const mib = Math.round(bytes / 2 ** 20);
  return full
    ? { ...plainError(e), code: "out_of_memory", message: `out of memory: the KPI engine had ${mib} MiB and could not get more; it was restarted without this file` }
    : { ...plainError(e), message: `${e.message} with ${mib} MiB in use; it was restarted without this file` };
}

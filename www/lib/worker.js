// The module worker behind createEngine() (cxkpi.js): the only browser file
// that loads the wasm engine. Requests are handled one at a time, in order.
//
// in:  {req, op: "init", config} · {req, op: "config", config}
//      {req, op: "add", name, source: Blob, kind?, columns?}      (progress while reading)
//      {req, op: "begin", name, kind?, columns?} · {req, op: "chunk", handle, bytes} · {req, op: "finish", handle}
//      {req, op: "remove", name} · {req, op: "clear"} · {req, op: "report"}
// out: {req, ok: true, value} · {req, ok: false, error} · {req, progress: {loaded, total}}
//      {progress: {loaded, total}, name}                          (re-reading after a time-zone change)
import init, { Engine } from "../pkg/cxkpi.js";
import { Session } from "./session.js";
import { plainError } from "./errors.js";

let session = null;
const ready = init();

/** The ZIP/.xlsx reader: a second wasm module, fetched only when such a file comes. */
async function loadArchive() {
  const archive = await import("../pkg/cxkpi_archive.js");
  await archive.default();
  return archive;
}

const ops = {
  async init({ config }) {
    await ready;
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
  queue = queue.then(async () => {
    try {
      if (!session && data.op !== "init") throw new Error("the engine is not initialised");
      const value = await ops[data.op](data);
      postMessage({ req: data.req, ok: true, value });
    } catch (e) {
      postMessage({ req: data.req, ok: false, error: plainError(e) });
    }
  });
};

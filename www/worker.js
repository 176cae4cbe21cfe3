// The only file that touches the wasm engine. It keeps the File objects the
// page sends, streams them into the engine in chunks (posting progress), and
// posts a fresh report after every change. Messages are handled one at a
// time, in order.
//
// in:  {type: "config", config}                          set the config (a new time zone re-reads every file)
//      {type: "add", id, file, kind?, columns?}          read a file (kind / columns override detection)
//      {type: "remove", id} · {type: "clear"}
// out: {type: "ready"} · {type: "fatal", error}
//      {type: "progress", id, loaded, total}
//      {type: "file", id, input, inputs} · {type: "fileError", id, error, inputs}
//        A CSV gives `input` (its inputs[] entry) and `inputs` null. A ZIP archive or
//        .xlsx workbook gives `input` null and `inputs`: one entry per member or sheet,
//        its inputs[] entry or {file, error}; it fails (fileError) when none could be read.
//      {type: "report", report, ms} · {type: "reportError", error}
import init, { Engine } from "./pkg/cxkpi.js";

const CHUNK = 4 << 20;
let engine = null;
let timeZone = null;
const files = new Map(); // id → {file, kind, columns, name}

const plain = (e) => ({
  message: String(e?.message ?? e),
  file: e?.file ?? null,
  line: e?.line ?? null,
  column: e?.column ?? null,
  field: e?.field ?? null,
});

async function read(id) {
  const entry = files.get(id);
  const { file } = entry;
  const handle = engine.beginFile(entry.name, entry.kind || undefined, entry.columns && Object.keys(entry.columns).length ? entry.columns : undefined);
  let loaded = 0;
  postMessage({ type: "progress", id, loaded, total: file.size });
  while (loaded < file.size) {
    const end = Math.min(file.size, loaded + CHUNK);
    const bytes = new Uint8Array(await file.slice(loaded, end).arrayBuffer());
    engine.pushChunk(handle, bytes);
    loaded = end;
    postMessage({ type: "progress", id, loaded, total: file.size });
  }
  const inputs = [...engine.finishFiles(handle)].map((e) => (e.error ? { file: e.file, error: plain(e.error) } : e));
  const container = inputs.length !== 1 || inputs[0].file !== entry.name;
  if (!container) return { input: inputs[0], inputs: null };
  if (!inputs.some((e) => !e.error)) throw Object.assign(new Error(inputs[0].error.message), inputs[0].error, { inputs });
  return { input: null, inputs };
}

async function load(id) {
  try {
    const { input, inputs } = await read(id);
    postMessage({ type: "file", id, input, inputs });
    return true;
  } catch (e) {
    engine.removeFile?.(files.get(id).name);
    postMessage({ type: "fileError", id, error: plain(e), inputs: e?.inputs ?? null });
    return false;
  }
}

function report() {
  const t0 = performance.now();
  try {
    const r = engine.report();
    postMessage({ type: "report", report: r, ms: performance.now() - t0 });
  } catch (e) {
    postMessage({ type: "reportError", error: plain(e) });
  }
}

const handlers = {
  async config({ config }) {
    engine.setConfig(JSON.stringify(config));
    const zone = config.time_zone || "UTC";
    if (zone !== timeZone) {
      timeZone = zone;
      engine.clear();
      for (const id of files.keys()) await load(id);
    }
  },
  async add({ id, file, kind, columns }) {
    files.set(id, { file, kind, columns, name: file.name });
    await load(id);
  },
  async remove({ id }) {
    const entry = files.get(id);
    if (entry) engine.removeFile(entry.name);
    files.delete(id);
  },
  async clear() {
    files.clear();
    engine.clear();
  },
};

let queue = (async () => {
  await init();
  engine = new Engine();
  postMessage({ type: "ready" });
})().catch((e) => postMessage({ type: "fatal", error: plain(e) }));

self.onmessage = ({ data }) => {
  queue = queue.then(async () => {
    if (!engine) return;
    try {
      await handlers[data.type](data);
      // A burst of messages gives one report: only the last one in the queue computes.
      if (--pendingCount === 0) report();
    } catch (e) {
      --pendingCount;
      postMessage({ type: data.type === "config" ? "configError" : "reportError", error: plain(e) });
    }
  });
  pendingCount++;
};
let pendingCount = 0;

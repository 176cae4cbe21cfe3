// Module worker of the test page: the only test file that touches the wasm
// package, as www/worker.js will be for the page. One job per worker:
// { config, files: [{ name, url, kind, columns, noArchive }], chunkSize, thenConfig, reload, finishFiles }
// → { ok, inputs, bytesRead, staleError, report } or { ok: false, error }.
import init, { Engine } from "/pkg/cxkpi.js";

const ready = init();
/** The ZIP/.xlsx reader module, loaded (once) only for a file that needs it. */
let archive = null;
async function archiveFor(engine, handle) {
  if (!engine.isContainer(handle)) return undefined;
  archive ??= import("/pkg/cxkpi_archive.js").then(async (m) => (await m.default(), m));
  return archive;
}
let lastConsoleError = null;
const consoleError = console.error.bind(console);
console.error = (...args) => {
  lastConsoleError = args.join(" ");
  consoleError(...args);
};

/** The fields of a thrown value the tests look at (Errors do not survive postMessage whole). */
function describe(e) {
  const { name, message, file, line, column, field, reload } = e ?? {};
  return {
    isError: e instanceof Error,
    name,
    message: message ?? String(e),
    file,
    line,
    column,
    field,
    reload,
    panic: lastConsoleError,
  };
}

async function load(engine, files, chunkSize, finishFiles) {
  const inputs = [];
  const bytesRead = [];
  for (const f of files) {
    const response = await fetch(f.url);
    if (!response.ok) throw new Error(`${f.url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const handle = engine.beginFile(f.name, f.kind, f.columns);
    let read = 0;
    for (let at = 0; at < bytes.length; at += chunkSize) {
      read = engine.pushChunk(handle, bytes.subarray(at, at + chunkSize));
    }
    bytesRead.push(read);
    const reader = f.noArchive ? undefined : await archiveFor(engine, handle);
    if (!finishFiles) inputs.push(engine.finishFile(handle, reader));
    else for (const e of engine.finishFiles(handle, reader)) inputs.push(e.error ? { file: e.file, error: describe(e.error) } : e);
  }
  return { inputs, bytesRead };
}

self.onmessage = async ({ data: job }) => {
  try {
    await ready;
    const engine = new Engine(job.config);
    const { inputs, bytesRead } = await load(engine, job.files, job.chunkSize, job.finishFiles);
    let staleError = null;
    if (job.thenConfig !== undefined) {
      engine.setConfig(job.thenConfig);
      try {
        engine.report();
      } catch (e) {
        staleError = describe(e);
      }
      if (job.reload) await load(engine, job.files, job.chunkSize, job.finishFiles);
    }
    self.postMessage({ ok: true, inputs, bytesRead, staleError, report: engine.report() });
  } catch (e) {
    self.postMessage({ ok: false, error: describe(e) });
  }
};

// cxkpi in Node (20+): the same engine and API as cxkpi.js, in-process (no worker).
// Loads the web build of the wasm (pkg/cxkpi_bg.wasm) from disk with initSync, so
// one wasm build serves the browser and Node.
//
//   import { createEngine, report } from "cxkpi/node";
//   const json = await report({ config, files: ["tickets.csv", "calls.csv"] });
import { readFile } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { initSync, Engine } from "../pkg/cxkpi.js";
import { CxkpiError } from "./errors.js";
import { Session } from "./session.js";

export { CxkpiError };

let loaded = false;
async function load() {
  if (loaded) return;
  const bytes = await readFile(new URL("../pkg/cxkpi_bg.wasm", import.meta.url));
  if (!loaded) initSync({ module: bytes });
  loaded = true;
}

/** The ZIP/.xlsx reader (pkg/cxkpi_archive_bg.wasm), loaded the first time such a file comes. */
async function loadArchive() {
  const archive = await import("../pkg/cxkpi_archive.js");
  const bytes = await readFile(new URL("../pkg/cxkpi_archive_bg.wasm", import.meta.url));
  archive.initSync({ module: bytes });
  return archive;
}

/** An engine in this process; resolves once the wasm is loaded and `config` is accepted. */
export async function createEngine({ config = {} } = {}) {
  await load();
  return new CxkpiEngine(new Session(Engine, config, loadArchive));
}

export class CxkpiEngine {
  #session;
  constructor(session) {
    this.#session = session;
  }

  /**
   * Read a file: a path (string), `Uint8Array`/`Buffer`, `ArrayBuffer`, `Blob`, or an async
   * iterable of byte chunks (a Node `Readable`, a web `ReadableStream`). `name` defaults to
   * the path's base name or the File's name. Resolves to the file's `inputs[]` entry.
   */
  async addFile(source, { name, kind, columns, onProgress } = {}) {
    if (typeof source === "string") {
      name ??= basename(source);
      source = createReadStream(source);
    }
    name ??= source?.name;
    if (typeof name !== "string" || !name) throw new CxkpiError("addFile: a name is needed (options.name) unless the source is a path or a File");
    if (source instanceof ArrayBuffer) source = new Uint8Array(source);
    else if (ArrayBuffer.isView(source) && !(source instanceof Uint8Array)) source = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (source instanceof Uint8Array || source instanceof Blob) return this.#session.addSource(name, source, { kind, columns }, onProgress);
    if (typeof source?.[Symbol.asyncIterator] !== "function") {
      throw new CxkpiError("addFile: the source must be a path, bytes, a Blob or an async iterable of chunks");
    }
    const handle = this.#session.begin(name, { kind, columns });
    let read = 0;
    onProgress?.({ loaded: 0, total: null });
    for await (const chunk of source) {
      read = this.#session.chunk(handle, chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
      onProgress?.({ loaded: read, total: null });
    }
    return this.#session.finish(handle);
  }

  /** Replace the config; under a new time zone, files given as bytes or Blobs are read again. */
  async setConfig(config) {
    return this.#session.setConfig(config);
  }

  async removeFile(name) {
    this.#session.forget(name);
  }

  async clear() {
    this.#session.clear();
  }

  /** The report (SPEC section 6). */
  async report() {
    return this.#session.report();
  }

  dispose() {
    this.#session.free();
  }
}

/** One call: the report for `files` (paths or `{name, data}`) under `config`. */
export async function report({ config = {}, files = [] } = {}) {
  const engine = await createEngine({ config });
  try {
    for (const f of files) {
      if (typeof f === "string") await engine.addFile(f);
      else await engine.addFile(f.data, { name: f.name, kind: f.kind, columns: f.columns });
    }
    return await engine.report();
  } finally {
    engine.dispose();
  }
}

// cxkpi in the browser: the KPI engine (wasm) in its own module worker.
//
//   import { createEngine } from "./lib/cxkpi.js";
//   const engine = await createEngine({ config: { time_zone: "Europe/Oslo" } });
//   await engine.addFile(file, { onProgress: ({ loaded, total }) => … });
//   const report = await engine.report();      // the JSON of SPEC section 6
//   engine.dispose();
//
// Every method returns a Promise; calls are handled in order. Failures reject
// with a CxkpiError (file, line, column, field). Types: cxkpi.d.ts.
//
// When the wasm instance traps (a file needs more memory than the browser
// gives it), that call rejects with code `out_of_memory` and the engine goes
// on in a fresh worker: the same config, the files added as File/Blob/bytes
// read again, the calls still waiting sent again. Files added as streams
// cannot be read again: the error lists them in `reload`.
import { CxkpiError, LOST_ENGINE } from "./errors.js";

export { CxkpiError };

/** Start an engine in a new worker; resolves once the wasm is loaded and `config` is accepted. */
export async function createEngine(options = {}) {
  const engine = new CxkpiEngine(options);
  await engine.ready;
  return engine;
}

/**
 * The engine's wasm, compiled on this thread (streaming: mostly off it); null
 * where that fails, e.g. under a Content-Security-Policy without
 * 'wasm-unsafe-eval' or a server that does not send application/wasm. The
 * worker then loads the wasm itself.
 */
function compileEngine() {
  const url = new URL("../pkg/cxkpi_bg.wasm", import.meta.url);
  return WebAssembly.compileStreaming(fetch(url)).catch(() => null);
}

export class CxkpiEngine {
  #worker;
  #workerUrl;
  #pending = new Map(); // req → {resolve, reject, onProgress, message}
  #nextReq = 1;
  #disposed = false;
  // What a fresh worker needs after a trap: the config in force and the files it holds.
  #config;
  #sources = new Map(); // name → {source: Blob, kind, columns}
  #streamed = new Set(); // names of files added as streams (not kept)
  #module; // Promise of the compiled engine (a WebAssembly.Module), or of null

  constructor({ config = {}, workerUrl, onReread } = {}) {
    this.#workerUrl = workerUrl;
    this.#config = config;
    this.onReread = onReread ?? null;
    this.#startWorker();
    this.ready = this.#call({ op: "init", config });
    this.ready.catch(() => {});
  }

  #startWorker() {
    // The literal `new Worker(new URL(...), {type: "module"})` lets bundlers (Vite) find and bundle the worker.
    const worker = this.#workerUrl
      ? new Worker(this.#workerUrl, { type: "module" })
      : new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.#worker = worker;
    // The wasm is fetched and compiled here while the worker starts, so the two
    // overlap; compiled once, it serves every worker this engine starts.
    this.#module ??= compileEngine();
    this.#module.then((module) => worker.postMessage({ op: "module", module }));
    // A message that a replaced worker sent before it was ended is dropped.
    worker.onmessage = ({ data }) => { if (worker === this.#worker) this.#receive(data); };
    worker.onerror = (e) => {
      e.preventDefault?.();
      if (worker === this.#worker) this.#failAll(new CxkpiError(`the cxkpi worker failed: ${e.message || "it could not be loaded"}`));
    };
  }

  /**
   * Read a file: a `File`, `Blob`, `ArrayBuffer`, typed array or `ReadableStream` of bytes.
   * `name` defaults to the File's name; `kind` and `columns` override detection.
   * Resolves to the file's `inputs[]` entry. A file of the same name is replaced.
   */
  async addFile(source, { name, kind, columns, onProgress } = {}) {
    name ??= source?.name;
    if (typeof name !== "string" || !name) throw new CxkpiError("addFile: a name is needed (options.name) unless the source is a File");
    const opts = { name, kind: kind ?? null, columns: columns ?? null };
    if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) return this.#addStream(source, opts, onProgress);
    let blob = source;
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) blob = new Blob([source]);
    if (!(blob instanceof Blob)) throw new CxkpiError("addFile: the source must be a File, Blob, ArrayBuffer, typed array or ReadableStream");
    this.#forgetSource(name); // on failure the worker forgets the old file of this name too
    const input = await this.#call({ op: "add", source: blob, ...opts }, onProgress);
    this.#sources.set(name, { source: blob, kind: opts.kind, columns: opts.columns });
    return input;
  }

  async #addStream(stream, opts, onProgress) {
    this.#forgetSource(opts.name);
    const handle = await this.#call({ op: "begin", ...opts });
    const reader = stream.getReader();
    let loaded = 0;
    try {
      onProgress?.({ loaded, total: null });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // A chunk that is a whole buffer moves to the worker; a view into a larger one is copied.
        let bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
        if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
        loaded = await this.#call({ op: "chunk", handle, bytes }, null, [bytes.buffer]);
        onProgress?.({ loaded, total: null });
      }
    } catch (e) {
      reader.cancel(e).catch(() => {});
      throw e;
    }
    const input = await this.#call({ op: "finish", handle });
    this.#streamed.add(opts.name);
    return input;
  }

  /**
   * Replace the config. Rejects (keeping the old one) if it is invalid. Under a new
   * `time_zone` the files added as File/Blob/ArrayBuffer are read again; resolves to
   * `[{name, input} | {name, error}]` for those.
   */
  async setConfig(config) {
    const results = await this.#call({ op: "config", config });
    this.#config = config;
    return results.map((r) => (r.error ? { name: r.name, error: CxkpiError.from(r.error) } : r));
  }

  /** Forget the file called `name`. */
  removeFile(name) {
    this.#forgetSource(name);
    return this.#call({ op: "remove", name });
  }

  /** Forget every file. */
  clear() {
    this.#sources.clear();
    this.#streamed.clear();
    return this.#call({ op: "clear" });
  }

  /** Compute the report over every file (SPEC section 6). */
  async report() {
    return (await this.reportTimed()).report;
  }

  /** The report and the milliseconds the engine took: `{report, ms}`. */
  reportTimed() {
    return this.#call({ op: "report" });
  }

  /** Stop the worker. Calls still pending reject. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#worker.terminate();
    this.#failAll(new CxkpiError("the engine was disposed"));
  }

  #call(message, onProgress = null, transfer = []) {
    if (this.#disposed) return Promise.reject(new CxkpiError("the engine was disposed"));
    const req = this.#nextReq++;
    return new Promise((resolve, reject) => {
      this.#pending.set(req, { resolve, reject, onProgress, message });
      this.#worker.postMessage({ req, ...message }, transfer);
    });
  }

  #forgetSource(name) {
    this.#sources.delete(name);
    this.#streamed.delete(name);
  }

  #receive(data) {
    if (data.req === undefined) {
      if (data.progress) this.onReread?.(data.name, data.progress);
      return;
    }
    const p = this.#pending.get(data.req);
    if (!p) return;
    if (data.progress) return void p.onProgress?.(data.progress);
    this.#pending.delete(data.req);
    if (data.ok) return void p.resolve(data.value);
    const error = CxkpiError.from(data.error);
    if (LOST_ENGINE.includes(error.code)) {
      this.#forgetSource(p.message.name); // the file that broke it is not read again
      error.reload = this.#streamed.size ? [...this.#streamed] : null;
      this.#restart(error);
    }
    p.reject(error);
  }

  /**
   * The worker's wasm instance trapped: end the worker, start a fresh one with
   * the config and the kept files, and send it the calls still waiting, in
   * order. A stream being read cannot be sent again: its calls reject.
   */
  #restart(error) {
    this.#worker.terminate();
    this.#streamed.clear();
    this.#startWorker();
    const waiting = [...this.#pending].sort(([a], [b]) => a - b);
    this.#pending.clear();
    const replay = (message) => this.#call(message).catch(() => this.#forgetSource(message.name));
    replay({ op: "init", config: this.#config });
    for (const [name, { source, kind, columns }] of this.#sources) replay({ op: "add", name, source, kind, columns });
    for (const [req, p] of waiting) {
      const { op, name } = p.message;
      if (op === "init" || (op === "add" && this.#sources.has(name))) continue; // replays of an earlier restart
      if (["begin", "chunk", "finish"].includes(op)) {
        p.reject(error);
        continue;
      }
      this.#pending.set(req, p);
      this.#worker.postMessage({ req, ...p.message });
    }
  }

  #failAll(error) {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}

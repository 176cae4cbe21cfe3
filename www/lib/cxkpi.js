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
import { CxkpiError } from "./errors.js";

export { CxkpiError };

/** Start an engine in a new worker; resolves once the wasm is loaded and `config` is accepted. */
export async function createEngine(options = {}) {
  const engine = new CxkpiEngine(options);
  await engine.ready;
  return engine;
}

export class CxkpiEngine {
  #worker;
  #pending = new Map(); // req → {resolve, reject, onProgress}
  #nextReq = 1;
  #disposed = false;

  constructor({ config = {}, workerUrl, onReread } = {}) {
    // The literal `new Worker(new URL(...), {type: "module"})` lets bundlers (Vite) find and bundle the worker.
    this.#worker = workerUrl
      ? new Worker(workerUrl, { type: "module" })
      : new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.onReread = onReread ?? null;
    this.#worker.onmessage = ({ data }) => this.#receive(data);
    this.#worker.onerror = (e) => {
      e.preventDefault?.();
      this.#failAll(new CxkpiError(`the cxkpi worker failed: ${e.message || "it could not be loaded"}`));
    };
    this.ready = this.#call({ op: "init", config });
    this.ready.catch(() => {});
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
    return this.#call({ op: "add", source: blob, ...opts }, onProgress);
  }

  async #addStream(stream, opts, onProgress) {
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
    return this.#call({ op: "finish", handle });
  }

  /**
   * Replace the config. Rejects (keeping the old one) if it is invalid. Under a new
   * `time_zone` the files added as File/Blob/ArrayBuffer are read again; resolves to
   * `[{name, input} | {name, error}]` for those.
   */
  async setConfig(config) {
    const results = await this.#call({ op: "config", config });
    return results.map((r) => (r.error ? { name: r.name, error: CxkpiError.from(r.error) } : r));
  }

  /** Forget the file called `name`. */
  removeFile(name) {
    return this.#call({ op: "remove", name });
  }

  /** Forget every file. */
  clear() {
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
      this.#pending.set(req, { resolve, reject, onProgress });
      this.#worker.postMessage({ req, ...message }, transfer);
    });
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
    if (data.ok) p.resolve(data.value);
    else p.reject(CxkpiError.from(data.error));
  }

  #failAll(error) {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}

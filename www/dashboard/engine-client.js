// The dashboard's view of the engine: the public client (lib/cxkpi.js) turned
// into events the views listen to. After every burst of changes (files added or
// removed, a new config) one fresh report is computed and announced. No wasm
// and no KPI arithmetic here.
//
// Events (detail): ready · fatal {error} · progress {id, loaded, total} · file {id, input}
//   fileError {id, error} · report {report, ms} · reportError {error} · configError {error}
// Errors are CxkpiError instances (message, file, line, column, field).
import { CxkpiEngine } from "../lib/cxkpi.js";

export class EngineClient extends EventTarget {
  #engine;
  #names = new Map(); // id → file name
  #busy = 0;
  #last = null; // the latest operation of the current burst
  #disposed = false; // after dispose() no event is announced (pending calls reject)

  /** `workerUrl`: the module worker (default lib/worker.js). */
  constructor(workerUrl) {
    super();
    this.nextId = 1;
    this.#engine = new CxkpiEngine({
      workerUrl,
      onReread: (name, { loaded, total }) => {
        const id = this.#idOf(name);
        if (id !== null) this.#emit("progress", { id, loaded, total });
      },
    });
    this.ready = this.#engine.ready.then(
      () => this.#emit("ready", {}),
      (error) => {
        this.#emit("fatal", { error });
        throw error;
      },
    );
    this.ready.catch(() => {});
  }

  /** Listen to one event type (`progress`, `file`, `report`, …); returns `this`. */
  on(type, fn) {
    this.addEventListener(type, (e) => fn(e.detail));
    return this;
  }

  setConfig(config) {
    const op = this.#op();
    this.#track(op, this.#engine.setConfig(config).then(
      (results) => {
        for (const { name, input, error } of results) {
          const id = this.#idOf(name);
          if (id === null) continue;
          if (error) this.#emit("fileError", { id, error, inputs: error.inputs ?? null });
          else this.#emit("file", fileEvent(id, input));
        }
      },
      (error) => {
        op.failedConfig = true;
        this.#emit("configError", { error });
      },
    ));
  }

  /** Read `file` (a File, or a Blob with a name); returns the id it is known by. */
  add(file, { kind = null, columns = null } = {}) {
    const id = this.nextId++;
    this.reload(id, file, { kind, columns });
    return id;
  }

  /** Read the file known as `id` again under a new kind / mapping (the same id is kept). */
  reload(id, file, { kind = null, columns = null } = {}) {
    this.#names.set(id, file.name);
    const onProgress = ({ loaded, total }) => this.#emit("progress", { id, loaded, total });
    this.#track(this.#op(), this.#engine.addFile(file, { name: file.name, kind, columns, onProgress }).then(
      (input) => this.#emit("file", fileEvent(id, input)),
      (error) => this.#emit("fileError", { id, error, inputs: error.inputs ?? null }),
    ));
  }

  remove(id) {
    const name = this.#names.get(id);
    this.#names.delete(id);
    if (name !== undefined) this.#track(this.#op(), this.#engine.removeFile(name).catch(() => {}));
  }

  clear() {
    this.#names.clear();
    this.#track(this.#op(), this.#engine.clear().catch(() => {}));
  }

  dispose() {
    this.#disposed = true;
    this.#engine.dispose();
  }

  #op() {
    this.#last = { failedConfig: false };
    return this.#last;
  }

  #track(op, promise) {
    void op; // #op() made it the burst's latest
    this.#busy++;
    promise.finally(() => {
      if (--this.#busy > 0 || this.#last.failedConfig) return;
      this.#engine.reportTimed().then(
        ({ report, ms }) => { if (this.#busy === 0) this.#emit("report", { report, ms }); },
        (error) => { if (this.#busy === 0) this.#emit("reportError", { error }); },
      );
    });
  }

  #idOf(name) {
    for (const [id, n] of this.#names) if (n === name) return id;
    return null;
  }

  #emit(type, detail) {
    if (this.#disposed) return;
    this.dispatchEvent(new CustomEvent(type, { detail: { type, ...detail } }));
  }
}

/** A `file` event: a CSV's `input`, or the `inputs` of a ZIP archive or workbook. */
function fileEvent(id, input) {
  return input.inputs ? { id, input: null, inputs: input.inputs } : { id, input, inputs: null };
}

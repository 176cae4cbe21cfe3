// The main thread's side of www/worker.js: a small event emitter around the
// worker's messages. No wasm and no KPI arithmetic here.

export class EngineClient extends EventTarget {
  /** `workerUrl`: the module worker (www/worker.js). */
  constructor(workerUrl = new URL("../worker.js", import.meta.url)) {
    super();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.worker = new Worker(workerUrl, { type: "module" });
      this.worker.onmessage = ({ data }) => {
        if (data.type === "ready") resolve();
        if (data.type === "fatal") reject(Object.assign(new Error(data.error.message), data.error));
        this.dispatchEvent(new CustomEvent(data.type, { detail: data }));
      };
      this.worker.onerror = (e) => {
        const error = { message: e.message || "the worker failed to start" };
        reject(new Error(error.message));
        this.dispatchEvent(new CustomEvent("fatal", { detail: { type: "fatal", error } }));
      };
    });
  }

  /** Listen to one message type (`progress`, `file`, `report`, …); returns `this`. */
  on(type, fn) {
    this.addEventListener(type, (e) => fn(e.detail));
    return this;
  }

  setConfig(config) {
    this.worker.postMessage({ type: "config", config });
  }

  /** Read `file` (a File or Blob with a name); returns the id it is known by. */
  add(file, { kind = null, columns = null } = {}) {
    const id = this.nextId++;
    this.worker.postMessage({ type: "add", id, file, kind, columns });
    return id;
  }

  /** Read the file known as `id` again under a new kind / mapping (the same id is kept). */
  reload(id, file, { kind = null, columns = null } = {}) {
    this.worker.postMessage({ type: "add", id, file, kind, columns });
  }

  remove(id) {
    this.worker.postMessage({ type: "remove", id });
  }

  clear() {
    this.worker.postMessage({ type: "clear" });
  }

  dispose() {
    this.worker.terminate();
  }
}

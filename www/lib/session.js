// A wasm Engine plus the sources it was given: streams bytes in chunks, and
// reads kept sources again when the config's time zone changes (the engine
// places local times in the zone while reading). Used by the worker
// (worker.js) and by the Node entry (node.js); no DOM, no postMessage here.
// ZIP archives and .xlsx workbooks are read by a second wasm module
// (pkg/cxkpi_archive.js), loaded with `loadArchive` the first time one comes.
import { CxkpiError, LOST_ENGINE, plainError } from "./errors.js";

export const CHUNK = 4 << 20;

const nonEmpty = (columns) => (columns && Object.keys(columns).length ? columns : undefined);

export class Session {
  /**
   * `Engine`: the wasm-bindgen class from pkg/cxkpi.js. `loadArchive()`: resolves to the
   * initialised archive module (pkg/cxkpi_archive.js); called only when a file is a container.
   */
  constructor(Engine, config = {}, loadArchive = null) {
    this.engine = call(() => new Engine(JSON.stringify(config ?? {})));
    this.loadArchive = loadArchive;
    this.archive = null; // Promise of the archive module, once asked for
    this.zone = zoneOf(config);
    this.sources = new Map(); // name → {source: Blob | Uint8Array, kind, columns}
    this.names = new Map(); // handle → name, while a file is being read
  }

  /**
   * Set the config. Under a new time zone every kept source is read again;
   * returns `[{name, input} | {name, error}]` for those (empty otherwise).
   */
  async setConfig(config, onProgress) {
    call(() => this.engine.setConfig(JSON.stringify(config ?? {})));
    const zone = zoneOf(config);
    if (zone === this.zone) return [];
    this.zone = zone;
    const out = [];
    for (const [name, entry] of [...this.sources]) { // a snapshot: re-reading re-inserts
      try {
        out.push({ name, input: await this.addSource(name, entry.source, entry, (p) => onProgress?.(name, p)) });
      } catch (error) {
        out.push({ name, error });
      }
    }
    return out;
  }

  /** Read a whole `Blob` or byte array; `onProgress({loaded, total})`. Returns the `inputs[]` entry. */
  /** On failure the file is forgotten (a loaded file of the same name too). */
  async addSource(name, source, { kind, columns } = {}, onProgress) {
    const total = source.size ?? source.byteLength;
    try {
      const handle = this.begin(name, { kind, columns, size: total });
      onProgress?.({ loaded: 0, total });
      let loaded = 0, told = 0;
      for await (const bytes of slices(source)) {
        this.chunk(handle, bytes);
        loaded += bytes.length;
        if (loaded - told >= CHUNK || loaded === total) onProgress?.({ loaded: (told = loaded), total });
      }
      const input = await this.finish(handle);
      this.sources.set(name, { source, kind, columns });
      return input;
    } catch (e) {
      if (!LOST_ENGINE.includes(e.code)) this.forget(name); // a trapped instance cannot even forget
      throw e;
    }
  }

  /** Start a streamed file; returns a handle for `chunk` and `finish`. `size`: its bytes, if known. */
  begin(name, { kind, columns, size } = {}) {
    const handle = call(() => this.engine.beginFile(name, kind || undefined, nonEmpty(columns), size ?? undefined));
    this.names.set(handle, name);
    return handle;
  }

  /** Feed bytes; returns the bytes read so far. On error the file is dropped. */
  chunk(handle, bytes) {
    return call(() => this.engine.pushChunk(handle, bytes));
  }

  /**
   * End a streamed file; returns its `inputs[]` entry. A ZIP archive or .xlsx
   * workbook returns `{file, inputs}`: per member or sheet its `inputs[]` entry
   * or `{file, error}`; it throws (with `inputs`) when none could be read.
   * A streamed file is not kept for re-reading.
   */
  async finish(handle) {
    const name = this.names.get(handle);
    const archive = call(() => this.engine.isContainer(handle)) ? await this.#archive() : undefined;
    this.names.delete(handle);
    const entries = [...call(() => this.engine.finishFiles(handle, archive))].map((e) =>
      e.error ? { file: e.file, error: plainError(e.error) } : e,
    );
    this.sources.delete(name);
    if (entries.length === 1 && entries[0].file === name) {
      if (entries[0].error) throw CxkpiError.from(entries[0].error);
      return entries[0];
    }
    if (!entries.some((e) => !e.error)) {
      throw new CxkpiError(entries[0]?.error?.message ?? "nothing could be read", { ...entries[0]?.error, inputs: entries });
    }
    return { file: name, inputs: entries };
  }

  /** The archive module, loaded once; a failed load is tried again next time. */
  #archive() {
    if (!this.loadArchive) throw new CxkpiError("ZIP archives and .xlsx workbooks need the archive module (loadArchive)");
    this.archive ??= this.loadArchive().catch((e) => {
      this.archive = null;
      throw new CxkpiError(`the archive module (ZIP and .xlsx reader) could not be loaded: ${e?.message ?? e}`);
    });
    return this.archive;
  }

  forget(name) {
    this.sources.delete(name);
    this.engine.removeFile(name);
  }

  clear() {
    this.sources.clear();
    this.engine.clear();
  }

  report() {
    return call(() => this.engine.report());
  }

  free() {
    this.engine.free?.();
  }
}

const zoneOf = (config) => config?.time_zone || "UTC";

/**
 * The bytes of a `Blob` or byte array, in order, as `Uint8Array`s. A Blob is
 * read with `stream()` (chunks of 64 KiB to a few MiB): a 126 MiB file loads
 * about 10 % faster in Chromium than with 4 MiB `slice().arrayBuffer()` reads
 * (benches/RESULTS.md), and no buffer ever holds the whole file.
 */
async function* slices(source) {
  if (source instanceof Uint8Array) {
    for (let from = 0; from < source.length; from += CHUNK) yield source.subarray(from, from + CHUNK);
    return;
  }
  const reader = source.stream().getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

function call(fn) {
  try {
    return fn();
  } catch (e) {
    // A trap (WebAssembly.RuntimeError) is not the input's fault: the instance is dead.
    if (typeof WebAssembly !== "undefined" && e instanceof WebAssembly.RuntimeError) {
      throw new CxkpiError(`the KPI engine stopped (${e.message})`, { code: "engine_failed", cause: e });
    }
    throw CxkpiError.from(e);
  }
}

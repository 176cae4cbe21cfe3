// The error every cxkpi call rejects with: a real Error subclass (stack trace,
// instanceof) carrying where the problem is. Shared by the browser and Node entries.

/**
 * A cxkpi error. `file`, `line` (1 is the header row; 0 means the whole file)
 * and `column` (the header text) say where a problem in an input file is;
 * `field` is the dotted config field of a config error; `reload` lists files
 * that must be added again (they were read under another time zone). Each is
 * `null` when it does not apply. `code` is set when the engine itself failed
 * (LOST_ENGINE: its wasm instance trapped and cannot be used again).
 */
export class CxkpiError extends Error {
  constructor(message, { file = null, line = null, column = null, field = null, reload = null, inputs = null, code = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "CxkpiError";
    this.file = file;
    this.line = line;
    this.column = column;
    this.field = field;
    this.reload = reload;
    // A ZIP archive or workbook none of whose members could be read: each member's {file, error}.
    this.inputs = inputs;
    this.code = code;
  }

  /** A CxkpiError from an engine error or its structured-cloned fields. */
  static from(e) {
    if (e instanceof CxkpiError) return e;
    return new CxkpiError(String(e?.message ?? e), {
      file: e?.file ?? null,
      line: e?.line ?? null,
      column: e?.column ?? null,
      field: e?.field ?? null,
      reload: Array.isArray(e?.reload) ? [...e.reload] : null,
      inputs: Array.isArray(e?.inputs) ? [...e.inputs] : null,
      code: e?.code ?? null,
    });
  }
}

/** The fields of an error as a plain object (what crosses postMessage). */
export const plainError = (e) => ({
  message: String(e?.message ?? e),
  file: e?.file ?? null,
  line: e?.line ?? null,
  column: e?.column ?? null,
  field: e?.field ?? null,
  reload: Array.isArray(e?.reload) ? [...e.reload] : null,
  inputs: Array.isArray(e?.inputs) ? [...e.inputs] : null,
  code: e?.code ?? null,
});

/**
 * The codes of an engine that is gone: its wasm instance trapped. Rust aborts
 * when an allocation fails (wasm32 memory ends at 4 GiB, or sooner where the
 * browser says so): `out_of_memory`; on anything else (a bug): `engine_failed`.
 */
export const LOST_ENGINE = ["out_of_memory", "engine_failed"];

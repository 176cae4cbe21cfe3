export interface CxkpiErrorFields {
  file?: string | null;
  line?: number | null;
  column?: string | null;
  field?: string | null;
  reload?: string[] | null;
  inputs?: { file: string; error: CxkpiErrorFields & { message: string } }[] | null;
  code?: "out_of_memory" | "engine_failed" | null;
}

/** Every failure of a cxkpi call. Fields are `null` when they do not apply. */
export class CxkpiError extends Error {
  constructor(message: string, fields?: CxkpiErrorFields);
  readonly name: "CxkpiError";
  /** The input file the problem is in. */
  file: string | null;
  /** 1-based line (the header is line 1); 0 means the whole file. */
  line: number | null;
  /** The column's header text. */
  column: string | null;
  /** Dotted path of the config field at fault (`period.start`, `goals[0].id`). */
  field: string | null;
  /** Files to add again: they were read under another time zone. */
  reload: string[] | null;
  /** A ZIP archive or workbook none of whose members or sheets could be read: each one's error. */
  inputs: { file: string; error: CxkpiErrorFields & { message: string } }[] | null;
  /**
   * Set when the engine itself failed: its wasm instance trapped (`out_of_memory`:
   * the file needs more memory than the browser gives; `engine_failed`: a bug).
   * The browser engine then starts afresh with the files it still holds.
   */
  code: "out_of_memory" | "engine_failed" | null;
  static from(error: unknown): CxkpiError;
}

/** The `code`s of an engine whose wasm instance trapped. */
export const LOST_ENGINE: readonly ["out_of_memory", "engine_failed"];

import type { Config, InputInfo, Report, TableKind } from "./types.js";
import { CxkpiError } from "./errors.js";

export type * from "./types.js";
export { CxkpiError };

export interface Progress {
  /** Bytes read so far. */
  loaded: number;
  /** Total bytes; `null` for a stream. */
  total: number | null;
}

export interface AddFileOptions {
  /** The file name the report uses; defaults to `File.name`. Required for other sources. */
  name?: string;
  /** Overrides detection of the table kind. */
  kind?: TableKind;
  /** Canonical column → header text; overrides detection. */
  columns?: Record<string, string>;
  onProgress?: (progress: Progress) => void;
}

export type FileSource = File | Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;

export interface EngineOptions {
  config?: Config;
  /** The worker module; default `worker.js` next to `cxkpi.js` (bundlers find it). */
  workerUrl?: string | URL;
  /** Progress of files read again after a time-zone change. */
  onReread?: (name: string, progress: Progress) => void;
}

/** What a ZIP archive or .xlsx workbook gives: per member or sheet its `inputs[]` entry, or its error. */
export interface ArchiveInputs {
  file: string;
  inputs: (InputInfo | { file: string; error: { message: string; line: number | null; column: string | null } })[];
}

export type RereadResult = { name: string; input: InputInfo | ArchiveInputs } | { name: string; error: CxkpiError };

/** The engine in its own Web Worker. Calls are handled in order; failures reject with CxkpiError. */
export class CxkpiEngine {
  constructor(options?: EngineOptions);
  /** Resolves when the wasm is loaded and the config accepted. */
  readonly ready: Promise<void>;
  onReread: EngineOptions["onReread"] | null;
  /** Read a file (a same-named one is replaced); resolves to its `inputs[]` entry, or for a ZIP / .xlsx to each member's. */
  addFile(source: FileSource, options?: AddFileOptions): Promise<InputInfo | ArchiveInputs>;
  /** Replace the config; under a new time zone, File/Blob/ArrayBuffer sources are read again. */
  setConfig(config: Config): Promise<RereadResult[]>;
  removeFile(name: string): Promise<void>;
  clear(): Promise<void>;
  report(): Promise<Report>;
  /** The report and how long the engine took, in milliseconds. */
  reportTimed(): Promise<{ report: Report; ms: number }>;
  /** Terminate the worker; pending calls reject. */
  dispose(): void;
}

/** Start an engine; resolves once it is ready. */
export function createEngine(options?: EngineOptions): Promise<CxkpiEngine>;

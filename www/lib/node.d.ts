import type { Config, InputInfo, Report, TableKind } from "./types.js";
import type { AddFileOptions, ArchiveInputs, Progress, RereadResult } from "./cxkpi.js";
import { CxkpiError } from "./errors.js";

export type * from "./types.js";
export type { AddFileOptions, ArchiveInputs, Progress, RereadResult };
export { CxkpiError };

/** A path, bytes, a Blob, or an async iterable of byte chunks (Node Readable, web ReadableStream). */
export type NodeFileSource = string | Uint8Array | ArrayBuffer | ArrayBufferView | Blob | AsyncIterable<Uint8Array>;

/** The engine in this process (no worker). */
export class CxkpiEngine {
  private constructor();
  addFile(source: NodeFileSource, options?: AddFileOptions): Promise<InputInfo | ArchiveInputs>;
  setConfig(config: Config): Promise<RereadResult[]>;
  removeFile(name: string): Promise<void>;
  clear(): Promise<void>;
  report(): Promise<Report>;
  dispose(): void;
}

export function createEngine(options?: { config?: Config }): Promise<CxkpiEngine>;

export interface ReportFile {
  name: string;
  data: NodeFileSource;
  kind?: TableKind;
  columns?: Record<string, string>;
}

/** The report for `files` (paths or `{name, data}`) under `config`. */
export function report(options: { config?: Config; files: (string | ReportFile)[] }): Promise<Report>;

import type { Config, Report } from "../lib/types.js";
import type { CxkpiError } from "../lib/errors.js";

export type Family = "tickets" | "calls" | "contacts" | "surveys" | "customers" | "orders" | "qa";
export type Language = "en" | "sv" | "nb" | "bg" | "tr";

/** `<cxkpi-dashboard>`: the cxkpi dashboard in Shadow DOM. */
export class CxkpiDashboard extends HTMLElement {
  static observedAttributes: string[];
  /** The config (SPEC section 6); also the `config` attribute (JSON). */
  config: Config | null;
  /** The UI language; also the `lang` attribute. */
  lang: string;
  /** KPI families shown as cards; null: all. Also the `cards` attribute (space-separated). */
  cards: Family[] | null;
  /** The latest report, or null. */
  readonly report: Report | null;
  /** Read files as if they were dropped on the dashboard. */
  addFiles(files: Iterable<File>): Promise<void> | undefined;
  clearFiles(): void;
  addEventListener<K extends keyof CxkpiDashboardEventMap>(type: K, listener: (this: CxkpiDashboard, ev: CxkpiDashboardEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

export interface CxkpiDashboardEventMap extends Omit<HTMLElementEventMap, "error"> {
  report: CustomEvent<Report>;
  error: CustomEvent<CxkpiError>;
}

declare global {
  interface HTMLElementTagNameMap {
    "cxkpi-dashboard": CxkpiDashboard;
  }
}

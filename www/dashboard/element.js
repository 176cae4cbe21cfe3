// <cxkpi-dashboard>: the page's dashboard (app.js) inside Shadow DOM.
//
//   <script type="module" src="/cxkpi/dashboard/element.js"></script>
//   <cxkpi-dashboard lang="sv" cards="tickets calls" config='{"time_zone": "Europe/Oslo"}'></cxkpi-dashboard>
//
// Attributes (and properties of the same name):
//   config   the config JSON of SPEC section 6 (property: the object)
//   lang     en, sv, nb, bg or tr (default: the browser's)
//   cards    KPI families to show as cards, space- or comma-separated: tickets calls
//            contacts surveys customers orders qa (property: an array; default: all)
//   sample   a folder URL with index.json, for the "try the sample data" button
//   worker   the worker module's URL (default: ../lib/worker.js next to this file)
// Properties: `report` (the latest report, or null), `app` (the mounted app).
// State attributes it sets: data-ready (the engine is up), data-cx-busy ("1" while files
//   are read), data-cx-reports (reports drawn so far).
// Methods: `addFiles(files)` (File objects, as if dropped), `clearFiles()`.
// Events: `report` (detail: the report JSON), `error` (detail: a CxkpiError with
//   message, file, line, column, field). Both bubble and are composed, so a listener on an ancestor hears them too.
// Theming: the --cx-* custom properties (README "Theming"), set on the element itself
//   (a `cxkpi-dashboard { --cx-accent: … }` rule); they win over the element's defaults.
import { mountDashboard } from "./app.js";
import { pickLanguage } from "./state.js";
import { CxkpiError } from "../lib/errors.js";

// Literal `new URL("…", import.meta.url)` calls, so bundlers (Vite) copy the stylesheets too.
const STYLES = [new URL("../vendor/uplot/uPlot.min.css", import.meta.url).href, new URL("../style.css", import.meta.url).href];

const parseCards = (text) => (text ? text.split(/[\s,]+/).filter(Boolean) : null);

export class CxkpiDashboard extends HTMLElement {
  static observedAttributes = ["lang", "config", "cards"];

  #config; // set as a property before the element was connected
  #report = null;

  connectedCallback() {
    if (this.app) return;
    const root = this.shadowRoot || this.attachShadow({ mode: "open" });
    for (const href of STYLES) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      root.append(link);
    }
    const host = document.createElement("div");
    root.append(host);
    const worker = this.getAttribute("worker");
    this.app = mountDashboard(host, {
      lang: this.getAttribute("lang") || pickLanguage(navigator.languages),
      config: this.#config ?? this.#configAttr(),
      cards: parseCards(this.getAttribute("cards")),
      sampleUrl: this.getAttribute("sample"),
      workerUrl: worker ? new URL(worker, document.baseURI) : undefined,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
      onSettings: () => {},
    });
    const fail = ({ error }) => this.#fire("error", error instanceof Error ? error : CxkpiError.from(error));
    this.app.engine
      .on("report", ({ report }) => {
        this.#report = report;
        this.#fire("report", report);
      })
      .on("reportError", fail)
      .on("fileError", fail)
      .on("configError", fail)
      .on("fatal", fail);
  }

  disconnectedCallback() {
    this.app?.dispose();
    this.app = null;
  }

  attributeChangedCallback(name) {
    if (!this.app) return;
    if (name === "lang") this.app.setSettings({ lang: this.getAttribute("lang") });
    if (name === "config") this.app.setSettings({ config: this.#configAttr() || {} });
    if (name === "cards") this.app.setSettings({ cards: parseCards(this.getAttribute("cards")) });
  }

  get config() { return this.app?.config ?? this.#config ?? this.#configAttr() ?? null; }
  set config(value) {
    if (this.app) this.app.setSettings({ config: value || {} });
    else this.#config = value;
  }

  get lang() { return this.app?.lang ?? this.getAttribute("lang") ?? ""; }
  set lang(value) { this.setAttribute("lang", value); }

  get cards() { return parseCards(this.getAttribute("cards")); }
  set cards(value) {
    if (value == null) this.removeAttribute("cards");
    else this.setAttribute("cards", [].concat(value).join(" "));
  }

  /** The latest report (SPEC section 6), or null. */
  get report() { return this.#report; }

  /** Read `files` (File objects) as if they were dropped on the dashboard. */
  addFiles(files) { return this.app?.addFiles([...files]); }

  /** Forget every file. */
  clearFiles() { this.app?.clearFiles(); }

  #fire(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #configAttr() {
    const text = this.getAttribute("config");
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch (e) {
      queueMicrotask(() => this.#fire("error", new CxkpiError(`config attribute: ${e.message}`, { field: "config" })));
      return undefined;
    }
  }
}

if (!customElements.get("cxkpi-dashboard")) customElements.define("cxkpi-dashboard", CxkpiDashboard);

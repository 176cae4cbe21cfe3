// <cxkpi-dashboard>: the same dashboard as the page, inside Shadow DOM.
// Attributes: `lang` (en, sv, nb, bg, tr; default: the browser's), `config`
// (the config JSON of SPEC section 6), `sample` (a folder URL with index.json
// for the sample button). Properties: `config`, `lang`, `app` (the mounted app).
// Events: `report` (detail: the report), `error` (detail: {message, file, line, column}).
// Themable with the --cx-* custom properties of style.css.
import { mountDashboard } from "./app.js";
import { pickLanguage } from "./state.js";

const STYLES = ["../vendor/uplot/uPlot.min.css", "../style.css"].map((p) => new URL(p, import.meta.url).href);

export class CxkpiDashboard extends HTMLElement {
  static observedAttributes = ["lang", "config"];

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
    this.app = mountDashboard(host, {
      lang: this.getAttribute("lang") || pickLanguage(navigator.languages),
      config: this.#configAttr(),
      sampleUrl: this.getAttribute("sample"),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
      onSettings: () => {},
    });
    this.app.engine
      .on("report", ({ report }) => this.dispatchEvent(new CustomEvent("report", { detail: report })))
      .on("reportError", ({ error }) => this.dispatchEvent(new CustomEvent("error", { detail: error })))
      .on("fileError", ({ error }) => this.dispatchEvent(new CustomEvent("error", { detail: error })));
  }

  disconnectedCallback() {
    this.app?.dispose();
    this.app = null;
  }

  attributeChangedCallback(name) {
    if (!this.app) return;
    if (name === "lang") this.app.setSettings({ lang: this.getAttribute("lang") });
    if (name === "config") this.app.setSettings({ config: this.#configAttr() || {} });
  }

  get config() { return this.app?.config; }
  set config(value) { this.app?.setSettings({ config: value }); }

  #configAttr() {
    const text = this.getAttribute("config");
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch (e) {
      this.dispatchEvent(new CustomEvent("error", { detail: { message: `config attribute: ${e.message}` } }));
      return undefined;
    }
  }
}

if (!customElements.get("cxkpi-dashboard")) customElements.define("cxkpi-dashboard", CxkpiDashboard);

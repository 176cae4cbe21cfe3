// The dashboard application: files in, settings, report out. It renders into a
// given root (an element or a ShadowRoot) and never touches the URL or
// storage itself: the host passes settings in and hears about changes through
// `onSettings` (www/main.js keeps them in the hash and localStorage).
import { h, replace } from "./dom.js";
import { CLS } from "../render/classes.js";
import { EngineClient } from "./engine-client.js";
import { translator, LOCALES, LANGUAGE_NAMES } from "./i18n.js";
import { LANGUAGES, cleanConfig, defaultSettings, loadMapping, saveMapping } from "./state.js";
import { sniffHeaders } from "./headers.js";
import { metricsTable, toCsv, download } from "./export.js";
import { formatPeriod, formatSeconds } from "../render/format.js";
import { renderFiles } from "./files-view.js";
import { renderSettings } from "./settings-view.js";
import { renderReport } from "./report-view.js";
import { renderGoals } from "./goals-view.js";
import { renderIssues } from "./issues-view.js";

/**
 * Mount the dashboard into `root`. Options: `lang`, `config` (SPEC section 6),
 * `storage` (for remembered column mappings; default none), `onSettings({lang, config})`,
 * `sampleUrl` (a folder with index.json; none hides the sample button),
 * `workerUrl`, `cards` (KPI families to show as cards, e.g. ["tickets", "calls"]; null: all).
 * Returns the app: `setSettings`, `addFiles`, `loadSample`, `dispose`.
 */
export function mountDashboard(root, options = {}) {
  const doc = root.ownerDocument || root;
  const app = new App(root, doc, options);
  app.start();
  return app;
}

class App {
  constructor(root, doc, { lang = "en", config, cards = null, storage = null, onSettings = () => {}, sampleUrl = null, workerUrl, timeZone = "UTC" }) {
    this.root = root;
    this.doc = doc;
    this.storage = storage;
    this.onSettings = onSettings;
    this.sampleUrl = sampleUrl;
    this.sampleAvailable = !!sampleUrl;
    this.timeZone = timeZone;
    this.cards = cards;
    this.config = cleanConfig(config || defaultSettings(timeZone).config);
    this.setLang(lang);
    this.files = [];
    this.report = null;
    this.reportError = null;
    this.configError = null;
    this.goalError = null;
    this.ui = { sorts: {}, groupFamily: {}, trendMetric: {}, goalEditing: null };
    this.engine = new EngineClient(workerUrl);
    this.firstDrop = null;
  }

  setLang(lang) {
    this.lang = LANGUAGES.includes(lang) ? lang : "en";
    this.t = translator(this.lang);
    this.locale = LOCALES[this.lang];
  }

  start() {
    const { doc, t } = this;
    this.el = {
      header: h(doc, "div", { class: "cx-app-head" }),
      files: h(doc, "section", { class: `${CLS.panel} cx-files-panel ${CLS.noPrint}`, "aria-label": t("files.title") }),
      settings: h(doc, "details", { class: `${CLS.panel} cx-settings ${CLS.noPrint}` }),
      status: h(doc, "div", { class: "cx-status-line", role: "status", "aria-live": "polite" }),
      report: h(doc, "div", { class: "cx-report" }),
      goals: h(doc, "section", { class: `${CLS.panel} cx-goals` }),
      issues: h(doc, "section", { class: `${CLS.panel} cx-issues` }),
    };
    this.settingsBody = h(doc, "div");
    replace(this.root,
      h(doc, "div", { class: "cx-app", lang: this.lang },
        this.el.header,
        h(doc, "div", { class: "cx-layout" },
          h(doc, "aside", { class: `cx-side ${CLS.noPrint}` }, this.el.files, this.el.settings),
          h(doc, "main", { class: "cx-main", id: "cx-main", tabindex: "-1" }, this.el.status, this.el.report, this.el.goals, this.el.issues))));
    this.wireEngine();
    this.renderAll();
    this.engine.ready.then(() => {
      this.engine.setConfig(this.config);
      this.root.getRootNode?.().host?.setAttribute("data-ready", "1");
      doc.documentElement.dataset.cxReady = "1";
    }, (e) => { this.fatal = e; this.renderStatus(); });
  }

  // ---- engine events ----
  wireEngine() {
    const byId = (id) => this.files.find((f) => f.id === id);
    this.engine
      .on("progress", ({ id, loaded, total }) => {
        const f = byId(id);
        if (!f) return;
        f.loaded = loaded;
        f.size = total;
        if (f.status !== "reading") { f.status = "reading"; f.error = null; }
        this.filesView?.update(f);
      })
      .on("file", ({ id, input, inputs }) => {
        const f = byId(id);
        if (!f) return;
        Object.assign(f, { status: "done", input, inputs: inputs ?? null, error: null, loaded: f.size });
        this.redrawFile(f);
      })
      .on("fileError", ({ id, error, inputs }) => {
        const f = byId(id);
        if (!f) return;
        Object.assign(f, { status: "failed", error, input: null, inputs: inputs ?? null });
        this.redrawFile(f);
      })
      .on("report", ({ report, ms }) => {
        // With nothing loaded there is nothing to show (the engine still answers with an empty report).
        this.report = report.inputs?.length ? report : null;
        this.reportMs = ms;
        this.reportError = null;
        this.configError = null;
        this.settingsView?.showError(null);
        if (this.firstDrop && !this.files.some((f) => f.status === "reading" || f.status === "waiting")) {
          this.dropToDashboardMs = performance.now() - this.firstDrop;
          this.firstDrop = null;
        }
        this.renderReport();
      })
      .on("reportError", ({ error }) => {
        this.reportError = error;
        this.renderStatus();
      })
      .on("configError", ({ error }) => {
        this.configError = error;
        this.settingsView?.showError(error);
      })
      .on("fatal", ({ error }) => {
        this.fatal = error;
        this.renderStatus();
      });
  }

  // ---- actions (called by the views) ----
  async addFiles(files) {
    this.firstDrop ??= performance.now();
    const entries = [];
    for (const file of files) {
      const old = this.files.find((f) => f.name === file.name);
      if (old) this.removeFile(old, false);
      const entry = { id: null, file, name: file.name, size: file.size, loaded: 0, status: "waiting", input: null, error: null, headers: null, kind: null, columns: null };
      this.files.push(entry);
      entries.push(entry);
    }
    this.renderFiles();
    for (const entry of entries) {
      try {
        const head = new Uint8Array(await entry.file.slice(0, 65536).arrayBuffer());
        // A ZIP archive or .xlsx workbook (PK\x03\x04): no header line to map by hand.
        const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
        entry.container = zip;
        entry.headers = zip ? [] : sniffHeaders(head);
      } catch {
        entry.headers = [];
      }
    }
    // All files go to the engine at once: one burst, so one report at its end (not one per file).
    for (const entry of entries) {
      if (!this.files.includes(entry)) continue; // removed meanwhile
      const remembered = entry.headers.length ? loadMapping(this.storage, entry.headers) : null;
      if (remembered) { entry.kind = remembered.kind; entry.columns = remembered.columns; }
      entry.id = this.engine.add(entry.file, { kind: entry.kind, columns: entry.columns });
    }
  }

  async loadSample() {
    if (!this.sampleUrl) return;
    const base = new URL(this.sampleUrl, this.doc.baseURI);
    const index = await (await fetch(new URL("index.json", base))).json();
    if (index.config) this.replaceConfig(await (await fetch(new URL(index.config, base))).json());
    const files = await Promise.all(index.files.map(async (name) => {
      const blob = await (await fetch(new URL(name, base))).blob();
      return new File([blob], name, { type: "text/csv" });
    }));
    this.addFiles(files);
  }

  removeFile(entry, render = true) {
    this.files = this.files.filter((f) => f !== entry);
    if (entry.id !== null) this.engine.remove(entry.id);
    if (render) this.renderFiles();
    if (!this.files.length) { this.report = null; this.renderReport(); }
  }

  clearFiles() {
    this.files = [];
    this.engine.clear();
    this.report = null;
    this.renderFiles();
    this.renderReport();
  }

  /** Read `entry` again as `kind` with `columns` (canonical → header), and remember the mapping. */
  remap(entry, kind, columns) {
    entry.kind = kind;
    entry.columns = columns;
    entry.status = "waiting";
    entry.error = null;
    if (entry.headers?.length) saveMapping(this.storage, entry.headers, { kind, columns });
    this.engine.reload(entry.id, entry.file, { kind, columns });
    this.renderFiles();
  }

  setConfig(config) {
    this.config = cleanConfig(config);
    this.engine.setConfig(this.config);
    this.onSettings({ lang: this.lang, config: this.config });
  }

  replaceConfig(config) {
    this.setConfig(config);
    this.renderSettings();
    this.renderGoals();
  }

  resetConfig() {
    this.replaceConfig(defaultSettings(this.timeZone).config);
  }

  saveGoals(goals) {
    this.goalError = null;
    this.setConfig({ ...this.config, goals });
    this.renderGoals();
  }

  showGoalError(message) {
    this.goalError = message;
    this.renderGoals();
  }

  /** Settings from outside (hash change, attribute): redraw what depends on them. */
  setSettings({ lang, config, cards }) {
    if (cards !== undefined) {
      this.cards = cards;
      this.renderReport();
    }
    const langChanged = lang && lang !== this.lang;
    if (langChanged) this.setLang(lang);
    if (config && JSON.stringify(cleanConfig(config)) !== JSON.stringify(this.config)) {
      this.config = cleanConfig(config);
      this.engine.setConfig(this.config);
      this.renderSettings();
      this.renderGoals();
    }
    if (langChanged) this.renderAll();
  }

  switchLanguage(lang) {
    this.setLang(lang);
    this.onSettings({ lang: this.lang, config: this.config });
    this.renderAll();
  }

  downloadCsv(name, rows) {
    download(this.doc, name, toCsv(rows), "text/csv;charset=utf-8");
  }

  // ---- rendering ----
  renderAll() {
    this.root.querySelector?.(".cx-app")?.setAttribute("lang", this.lang);
    this.renderHeader();
    this.renderFiles();
    this.renderSettings();
    this.renderReport();
  }

  renderHeader() {
    const { doc, t } = this;
    const langId = "cx-lang";
    replace(this.el.header,
      h(doc, "div", { class: "cx-brand" },
        h(doc, "h1", null, t("app.title")),
        h(doc, "p", { class: CLS.muted }, t("app.tagline"))),
      h(doc, "div", { class: `${CLS.fieldRow} ${CLS.noPrint}` },
        h(doc, "label", { for: langId }, t("app.language")),
        h(doc, "select", { id: langId, onchange: (e) => this.switchLanguage(e.target.value) },
          LANGUAGES.map((l) => h(doc, "option", { value: l, selected: l === this.lang, lang: l }, LANGUAGE_NAMES[l])))));
  }

  /** Draw one file's row again (a whole list per file made 500 files quadratic). */
  redrawFile(entry) {
    if (this.filesView?.redraw(entry)) this.markState();
    else this.renderFiles();
  }

  renderFiles() {
    this.filesView = renderFiles(this.el.files, this);
    this.markState();
  }

  /** State for tests and hosts: data-cx-busy (files being read) and data-cx-reports (reports drawn). */
  markState() {
    const busy = this.files.some((f) => f.status === "reading" || f.status === "waiting") ? "1" : "0";
    for (const el of [this.doc.documentElement, this.root.getRootNode?.().host].filter(Boolean)) {
      el.dataset.cxBusy = busy;
      el.dataset.cxReports = String(this.reportsShown || 0);
    }
  }

  renderSettings() {
    const { doc, t } = this;
    const open = this.el.settings.open;
    replace(this.el.settings, h(doc, "summary", null, t("settings.title")), this.settingsBody);
    this.el.settings.open = open;
    this.settingsView = renderSettings(this.settingsBody, this);
  }

  renderStatus() {
    const { doc, t, locale } = this;
    const r = this.report;
    const parts = [];
    if (this.fatal) parts.push(h(doc, "p", { class: CLS.error, role: "alert" }, t("app.fatal", { message: this.fatal.message })));
    if (this.reportError) parts.push(h(doc, "p", { class: CLS.error, role: "alert" }, this.reportError.message));
    if (r) {
      parts.push(h(doc, "div", { class: "cx-report-head" },
        h(doc, "div", null,
          h(doc, "h2", null, t("dash.title")),
          h(doc, "p", { class: CLS.muted, dataset: { period: `${r.period.start}/${r.period.end}` } },
            t("dash.period", { period: formatPeriod(r.period, locale), tz: r.period.time_zone }),
            this.dropToDashboardMs ? ` · ${t("dash.timing", { time: formatSeconds(this.dropToDashboardMs / 1000, locale) })}` : ""),
          h(doc, "p", { class: `${CLS.muted} ${CLS.printOnly}`, dataset: { printFiles: "" } },
            t("print.files", { files: r.inputs.map((i) => (i.format && i.format !== "canonical" ? `${i.file} (${i.format})` : i.file)).join(", ") }))),
        h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
          h(doc, "button", { type: "button", class: CLS.button, onclick: () => download(doc, "cxkpi-report.json", JSON.stringify(r, null, 2) + "\n", "application/json") }, t("export.json")),
          h(doc, "button", { type: "button", class: CLS.button, onclick: () => this.downloadCsv("cxkpi-metrics.csv", metricsTable(r)) }, t("export.csv")),
          h(doc, "button", { type: "button", class: CLS.button, onclick: () => doc.defaultView.print() }, t("export.print")))));
    } else if (!this.fatal) {
      parts.push(h(doc, "div", { class: CLS.empty }, h(doc, "h2", null, t("dash.emptyTitle")), h(doc, "p", null, t("dash.empty"))));
    }
    replace(this.el.status, parts);
  }

  renderReport() {
    this.reportsShown = (this.reportsShown || 0) + 1;
    this.markState();
    this.renderStatus();
    if (this.report) renderReport(this.el.report, this, this.report);
    else replace(this.el.report);
    this.renderGoals();
    renderIssues(this.el.issues, this, this.report);
  }

  renderGoals() {
    if (!this.report && !(this.config.goals || []).length) return replace(this.el.goals);
    renderGoals(this.el.goals, this, this.report);
  }

  dispose() {
    this.engine.dispose();
    replace(this.root);
  }
}

// The data panel: drop zone, file picker, sample button, and one row per file
// with its progress, detected kind, column mapping (editable) and errors.
import { h, newId, replace } from "./dom.js";
import { CLS } from "../render/classes.js";
import { COLUMNS, KINDS } from "./schema.js";
import { formatBytes, formatInt } from "../render/format.js";

/**
 * Render the panel into `el`. `app` gives `t`, `locale`, `files` (the file
 * entries) and the actions `addFiles(FileList)`, `loadSample()`, `removeFile(entry)`,
 * `clearFiles()`, `remap(entry, kind, columns)`. Returns `{update(entry)}` to
 * refresh one file's progress without redrawing the list, and `{redraw(entry)}`
 * to draw one file's row again (false when the entry has no row).
 */
export function renderFiles(el, app) {
  const doc = el.ownerDocument;
  const { t } = app;
  const inputId = newId("files");
  const input = h(doc, "input", {
    // No `accept` filter: the engine tells files by their content, and some
    // exports have no extension (Asterisk's queue_log).
    type: "file", id: inputId, multiple: true, class: CLS.visuallyHidden,
    onchange: () => { if (input.files.length) app.addFiles([...input.files]); input.value = ""; },
  });
  const drop = h(doc, "div", { class: CLS.drop },
    h(doc, "p", { class: "cx-drop-title" }, t("files.drop")),
    h(doc, "div", { class: CLS.toolbar },
      input,
      h(doc, "label", { for: inputId, class: `${CLS.button} ${CLS.buttonPrimary}`, tabindex: "0",
        onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } } }, t("files.pick")),
      app.sampleAvailable ? h(doc, "button", { type: "button", class: CLS.button, onclick: () => app.loadSample() }, t("files.sample")) : null),
    h(doc, "p", { class: CLS.note }, t("files.privacy")));
  for (const type of ["dragenter", "dragover"]) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add(CLS.dropActive); });
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove(CLS.dropActive));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) app.addFiles(files);
  });

  const list = h(doc, "ul", { class: CLS.fileList, "aria-label": t("files.list") });
  const rows = new Map(); // entry → row (an entry has no id until it reaches the engine)
  for (const entry of app.files) {
    const row = fileRow(doc, entry, app);
    rows.set(entry, row);
    list.append(row.el);
  }
  replace(el,
    h(doc, "h2", { class: CLS.panelHead }, t("files.title")),
    drop,
    list,
    app.files.length ? h(doc, "div", { class: CLS.toolbar }, h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => app.clearFiles() }, t("files.clear"))) : null);
  const redraw = (entry) => {
    const old = rows.get(entry);
    if (!old) return false;
    const row = fileRow(doc, entry, app);
    old.el.replaceWith(row.el);
    rows.set(entry, row);
    return true;
  };
  return { update: (entry) => rows.get(entry)?.update(), redraw };
}

/** The message of a file's error; the engine's own failures (lib/errors.js LOST_ENGINE) in the page's language. */
const ENGINE_ERRORS = { out_of_memory: "files.outOfMemory", engine_failed: "files.engineFailed" };
const errorText = (t, error) => (ENGINE_ERRORS[error.code] ? t(ENGINE_ERRORS[error.code]) : error.message);

function fileRow(doc, entry, app) {
  const { t, locale } = app;
  const progress = h(doc, "progress", { class: CLS.progress, max: "1", value: "0", "aria-label": t("files.progressOf", { name: entry.name }) });
  const status = h(doc, "span", { class: CLS.muted, role: "status" });
  const update = () => {
    const frac = entry.size ? entry.loaded / entry.size : entry.status === "done" ? 1 : 0;
    progress.value = entry.status === "done" ? 1 : frac;
    progress.hidden = entry.status === "done" || entry.status === "failed";
    status.textContent = entry.status === "reading" ? t("files.reading", { pct: Math.floor(frac * 100) })
      : entry.status === "waiting" ? t("files.waiting") : "";
  };
  update();

  const meta = [];
  if (entry.input) {
    const i = entry.input;
    meta.push(h(doc, "span", { dataset: { kind: i.kind } }, t("kind." + i.kind)));
    if (i.format && i.format !== "canonical") meta.push(h(doc, "span", { dataset: { format: i.format } }, i.format));
    meta.push(h(doc, "span", { dataset: { rows: String(i.rows) } }, t("files.rows", { n: formatInt(i.rows, locale) })));
    if (i.skipped) meta.push(h(doc, "span", { class: CLS.error }, t("files.skipped", { n: formatInt(i.skipped, locale) })));
    const delim = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" }[i.delimiter];
    meta.push(h(doc, "span", { class: CLS.muted }, [i.encoding, delim ? t("delim." + delim) : i.delimiter].filter(Boolean).join(" · ")));
  }
  const el = h(doc, "li", { class: CLS.file + (entry.status === "failed" ? ` ${CLS.fileFailed}` : ""), dataset: { file: entry.name, status: entry.status } },
    h(doc, "div", { class: "cx-file-head" },
      h(doc, "span", { class: "cx-file-name" }, entry.name),
      h(doc, "span", { class: CLS.muted }, formatBytes(entry.size, locale)),
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet} cx-file-remove`, "aria-label": t("files.removeNamed", { name: entry.name }), onclick: () => app.removeFile(entry) }, "×")),
    progress, status,
    meta.length ? h(doc, "div", { class: CLS.fileMeta }, meta) : null,
    entry.error ? h(doc, "p", { class: CLS.error, role: "alert", dataset: entry.error.code ? { code: entry.error.code } : {} }, errorText(t, entry.error)) : null,
    entry.inputs ? innerList(doc, entry, app) : null,
    // A ZIP archive or workbook has no one header line to map by hand.
    (entry.status === "done" || entry.status === "failed") && !entry.inputs && !entry.container ? mappingForm(doc, entry, app) : null);
  return { el, update };
}

/** The inputs read from a ZIP archive or workbook: one line per member or sheet, or its error. */
function innerList(doc, entry, app) {
  const { t, locale } = app;
  return h(doc, "ul", { class: "cx-file-inputs" }, entry.inputs.map((i) => {
    const name = i.file?.startsWith(entry.name) ? i.file.slice(entry.name.length).replace(/^\//, "") : i.file;
    if (i.error) return h(doc, "li", { dataset: { input: i.file, status: "failed" } }, h(doc, "span", { class: "cx-file-name" }, name), " ", h(doc, "span", { class: CLS.error }, i.error.message));
    return h(doc, "li", { dataset: { input: i.file, kind: i.kind, rows: String(i.rows) } },
      h(doc, "span", { class: "cx-file-name" }, name), " · ",
      h(doc, "span", null, t("kind." + i.kind)), " · ",
      i.format && i.format !== "canonical" ? [h(doc, "span", { dataset: { format: i.format } }, i.format), " · "] : null,
      h(doc, "span", null, t("files.rows", { n: formatInt(i.rows, locale) })),
      i.skipped ? [" · ", h(doc, "span", { class: CLS.error }, t("files.skipped", { n: formatInt(i.skipped, locale) }))] : null);
  }));
}

function mappingForm(doc, entry, app) {
  const { t } = app;
  const detected = entry.input?.kind || entry.kind || "";
  const current = { kind: entry.kind || entry.input?.kind || "", columns: { ...(entry.input?.columns || {}), ...(entry.columns || {}) } };
  const headers = entry.headers || [];
  const kindId = newId("kind");
  const body = h(doc, "div");
  const kindSelect = h(doc, "select", { id: kindId, onchange: () => { current.kind = kindSelect.value; drawColumns(); } },
    h(doc, "option", { value: "" }, t("files.detect")),
    KINDS.map((k) => h(doc, "option", { value: k, selected: k === current.kind }, t("kind." + k))));
  const drawColumns = () => {
    const kind = current.kind;
    if (!kind) return replace(body, h(doc, "p", { class: CLS.note }, t("files.chooseKind")));
    replace(body, h(doc, "table", { class: `${CLS.table} ${CLS.mapping}` },
      h(doc, "thead", null, h(doc, "tr", null, h(doc, "th", { scope: "col" }, t("files.column")), h(doc, "th", { scope: "col" }, t("files.header")))),
      h(doc, "tbody", null, COLUMNS[kind].map(([name, , required]) => {
        const id = newId("map");
        const sel = h(doc, "select", { id, dataset: { column: name }, onchange: () => { if (sel.value) current.columns[name] = sel.value; else delete current.columns[name]; } },
          h(doc, "option", { value: "" }, t("files.unmapped")),
          headers.map((hd) => h(doc, "option", { value: hd, selected: current.columns[name] === hd }, hd)));
        return h(doc, "tr", null,
          h(doc, "th", { scope: "row" }, h(doc, "label", { for: id }, name, required ? h(doc, "abbr", { title: t("files.required") }, " *") : null)),
          h(doc, "td", null, sel));
      }))));
  };
  // The column table is drawn when first opened: a file of 10,000 columns gives every select 10,000 options.
  let drawn = false;
  const open = entry.status === "failed" || entry.editing;
  if (open) { drawColumns(); drawn = true; }
  return h(doc, "details", { class: CLS.mapping, open, ontoggle: (e) => { if (e.target.open && !drawn) { drawColumns(); drawn = true; } } },
    h(doc, "summary", null, t(entry.status === "failed" ? "files.fixMapping" : "files.mapping")),
    h(doc, "div", { class: CLS.fieldRow },
      h(doc, "label", { for: kindId }, t("files.kind")), kindSelect,
      detected && entry.input ? h(doc, "span", { class: CLS.muted }, t("files.detected", { kind: t("kind." + detected) })) : null),
    body,
    h(doc, "div", { class: CLS.toolbar },
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonPrimary}`, onclick: () => {
        const columns = {};
        if (current.kind) for (const [name] of COLUMNS[current.kind]) if (current.columns[name]) columns[name] = current.columns[name];
        app.remap(entry, current.kind || null, columns);
      } }, t("files.apply"))),
    h(doc, "p", { class: CLS.note }, t("files.remembered")));
}

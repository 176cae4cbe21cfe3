// Sortable tables. Header buttons sort (click or Enter/Space), aria-sort says
// the order, and every table can be saved as CSV (raw numbers, neutralised text).
import { h } from "../dashboard/dom.js";
import { toCsv, download } from "../dashboard/export.js";
import { CLS } from "./classes.js";

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compare(a, b) {
  const na = a === null || a === undefined || (typeof a === "number" && !Number.isFinite(a));
  const nb = b === null || b === undefined || (typeof b === "number" && !Number.isFinite(b));
  if (na || nb) return na === nb ? 0 : na ? 1 : -1; // blanks last either way
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * A table element. `columns`: `[{key, label, num, value(row) → raw, text(row) → string, cell(row) → node?, dataset(row)?}]`.
 * `sort`: a `{key, dir}` object the caller keeps (mutated on click, so a re-render keeps the order).
 * `t`: the translator (for the CSV button); `csvName`: file name of the CSV export (none: no button).
 */
export function renderTable(doc, { columns, rows, caption, sort = {}, csvName, t, id, className }) {
  const table = h(doc, "table", { class: [CLS.table, className].filter(Boolean).join(" "), id });
  const thead = h(doc, "thead");
  const tbody = h(doc, "tbody");
  const value = (c, r) => (c.value ? c.value(r) : r[c.key]);

  const draw = () => {
    const col = columns.find((c) => c.key === sort.key);
    const sorted = col ? [...rows].sort((a, b) => {
      const na = value(col, a), nb = value(col, b);
      const blank = (x) => x === null || x === undefined || (typeof x === "number" && !Number.isFinite(x));
      if (blank(na) || blank(nb)) return compare(na, nb); // blanks stay last in both directions
      return (sort.dir === "desc" ? -1 : 1) * compare(na, nb);
    }) : rows;
    thead.replaceChildren(h(doc, "tr", null, columns.map((c) => {
      const dir = sort.key === c.key ? (sort.dir === "desc" ? "descending" : "ascending") : null;
      return h(doc, "th", { scope: "col", class: [c.num && CLS.num, dir && CLS.sorted].filter(Boolean).join(" ") || null, "aria-sort": dir },
        h(doc, "button", {
          type: "button",
          onclick: () => {
            sort.dir = sort.key === c.key && sort.dir !== "desc" ? "desc" : sort.key === c.key ? "asc" : c.num ? "desc" : "asc";
            sort.key = c.key;
            draw();
          },
        }, c.label, h(doc, "span", { "aria-hidden": "true", class: "cx-sort-icon" }, dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : "")));
    })));
    tbody.replaceChildren(...sorted.map((r) => h(doc, "tr", null, columns.map((c, i) => {
      const content = c.cell ? c.cell(r) : c.text ? c.text(r) : String(value(c, r) ?? "");
      const attrs = { class: c.num ? CLS.num : null, dataset: c.dataset ? c.dataset(r) : null };
      return i === 0 ? h(doc, "th", { scope: "row", ...attrs }, content) : h(doc, "td", attrs, content);
    }))));
  };
  draw();

  if (caption) table.append(h(doc, "caption", { class: CLS.visuallyHidden }, caption));
  table.append(thead, tbody);
  const wrap = h(doc, "div", { class: CLS.tableWrap, tabindex: "0", role: "region", "aria-label": caption || null }, table);
  if (!csvName) return wrap;
  const csv = () => [columns.map((c) => c.key), ...rows.map((r) => columns.map((c) => value(c, r)))];
  return h(doc, "div", null,
    wrap,
    h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => download(doc, csvName, toCsv(csv()), "text/csv;charset=utf-8") },
        t ? t("export.tableCsv") : "CSV")));
}

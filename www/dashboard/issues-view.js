// Problems found in the data: counts per kind, the first examples with file,
// line, column and value, and downloads of the list.
import { h, replace } from "./dom.js";
import { CLS } from "../render/classes.js";
import { renderTable } from "../render/table.js";
import { formatInt } from "../render/format.js";
import { issuesTable, toCsv, download } from "./export.js";

/** Draw the issues panel for `report` (and the files that failed whole) into `el`. */
export function renderIssues(el, app, report) {
  const doc = el.ownerDocument;
  const { t, locale } = app;
  const counts = Object.entries(report?.issues?.counts || {}).filter(([, n]) => n > 0);
  const examples = report?.issues?.examples || [];
  const total = counts.reduce((a, [, n]) => a + n, 0);
  if (!report) return replace(el);
  replace(el,
    h(doc, "h2", { class: CLS.panelHead }, t("issues.title")),
    !total ? h(doc, "p", { class: CLS.muted, dataset: { issues: "0" } }, t("issues.none")) : [
      h(doc, "p", { dataset: { issues: String(total) } }, t("issues.count", { n: formatInt(total, locale) })),
      h(doc, "ul", { class: "cx-issue-counts" }, counts.map(([kind, n]) => h(doc, "li", { dataset: { issueKind: kind } },
        h(doc, "span", { class: "cx-badge" }, formatInt(n, locale)), " ", t("issue." + kind)))),
      h(doc, "h3", null, t("issues.examples", { n: formatInt(examples.length, locale) })),
      renderTable(doc, {
        t, caption: t("issues.examples", { n: examples.length }), sort: (app.ui.sorts.issues ??= {}),
        columns: [
          { key: "file", label: t("issues.file") },
          { key: "line", label: t("issues.line"), num: true },
          { key: "column", label: t("issues.column") },
          { key: "value", label: t("issues.value"), cell: (r) => h(doc, "code", null, r.value) },
          { key: "kind", label: t("issues.kind"), value: (r) => (r.kind ? t("issue." + r.kind) : "") },
          { key: "reason", label: t("issues.reason") },
        ],
        rows: examples,
      }),
      h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
        h(doc, "button", { type: "button", class: CLS.button, onclick: () => download(doc, "cxkpi-issues.csv", toCsv(issuesTable(report)), "text/csv;charset=utf-8") }, t("issues.downloadCsv")),
        h(doc, "button", { type: "button", class: CLS.button, onclick: () => download(doc, "cxkpi-issues.json", JSON.stringify(report.issues, null, 2) + "\n", "application/json") }, t("issues.downloadJson"))),
    ]);
}

// The dashboard proper: a card per KPI family (headline numbers with sample
// sizes and 95 % intervals, a trend chart, every metric in a table), the group
// breakdowns, time with customers by channel, the cohort heat map and QA.
// Reads the report; computes nothing but shares and lookups.
import { h, newId, replace } from "./dom.js";
import { CLS } from "../render/classes.js";
import { renderTable } from "../render/table.js";
import { lineChart } from "../render/chart.js";
import { metricLabel } from "./i18n.js";
import { familyMetrics, metricInfo, metricNumber, presentFamilies, sampleSize } from "./schema.js";
import { formatBucket, formatDuration, formatInt, formatInterval, formatMetric, formatNumber, formatPct, formatUnit, formatNps, NONE } from "../render/format.js";
import { cohortTable } from "./export.js";
import { explainMetric } from "./explain.js";

const statLabel = (t, id) => {
  const info = metricInfo(id);
  return info?.kind === "dist" ? t("stat." + info.stat) : null;
};

/** The one-line detail under a number: n, the interval, or a distribution's spread. */
function detail(t, locale, id, v) {
  const info = metricInfo(id);
  if (!info || !v) return "";
  const parts = [];
  const n = sampleSize(v);
  if (info.kind === "dist") {
    parts.push(t("card.n", { n: formatInt(v.count, locale) }));
    if (v.count) {
      for (const s of ["mean", "median", "p90"]) if (s !== info.stat) parts.push(`${t("stat." + s)} ${formatUnit(v[s], info.unit, locale)}`);
    }
  } else if (n !== null) {
    parts.push(t("card.n", { n: formatInt(n, locale) }));
  }
  if (Array.isArray(v.ci95)) parts.push(t("card.ci", { ci: formatInterval(id, v.ci95, locale) }));
  if (info.kind === "nps" && v.count) parts.push(t("card.npsSplit", { p: formatInt(v.promoters, locale), pa: formatInt(v.passives, locale), d: formatInt(v.detractors, locale) }));
  return parts.join(" · ");
}

/**
 * "How is this computed?" for metric `id`: a <details> with the formula in
 * plain words, the files and columns that fed it, which of SPEC's
 * alternatives applied, and the adapter's notes on the vendor's definition
 * (English, from the engine; text only). `short`: a "?" summary for table rows.
 */
function howDisclosure(doc, app, report, id, short) {
  const { t } = app;
  const how = explainMetric(id, report, app.config);
  const label = metricLabel(t, id);
  const summary = short
    ? h(doc, "summary", { title: t("how.title") }, h(doc, "span", { "aria-hidden": "true" }, "?"), h(doc, "span", { class: CLS.visuallyHidden }, `${t("how.title")} ${label}`))
    : h(doc, "summary", null, t("how.title"), h(doc, "span", { class: CLS.visuallyHidden }, ` ${label}`));
  const format = (f) => (f === "canonical" ? t("how.canonical") : f === "mapping" ? t("how.mapping") : f);
  return h(doc, "details", { class: `${CLS.how} ${CLS.noPrint}`, dataset: { how: id } },
    summary,
    h(doc, "div", { class: "cx-how-body" },
      h(doc, "p", { dataset: { howPart: "formula" } }, h(doc, "strong", null, t("how.formula"), " "), t(how.formula, how.formulaParams)),
      how.sources.length ? how.sources.map((src) => h(doc, "div", { class: "cx-how-source", dataset: { howFile: src.file, howFormat: src.format } },
        h(doc, "p", null, h(doc, "strong", null, t("how.source"), " "), t("how.file", { file: src.file, format: format(src.format), kind: t("kind." + src.kind) })),
        src.variant ? h(doc, "p", { dataset: { howPart: "variant" } }, t(src.variant.key, src.variant.params)) : null,
        src.columns.length ? h(doc, "ul", { class: "cx-how-columns", "aria-label": t("how.columns") },
          src.columns.map(([column, header]) => h(doc, "li", null, t("how.column", { column, header })))) : null,
        src.notes.length ? h(doc, "div", { dataset: { howPart: "vendor" } },
          h(doc, "p", null, h(doc, "strong", null, t("how.vendor", { format: format(src.format) }))),
          h(doc, "ul", { lang: "en" }, src.notes.map((n) => h(doc, "li", null, n)))) : null))
        : h(doc, "p", { class: CLS.muted }, t("how.noSource"))));
}

function tile(doc, app, report, id, v) {
  const { t, locale } = app;
  const stat = statLabel(t, id);
  return h(doc, "div", { class: CLS.tile },
    h(doc, "div", { class: CLS.tileLabel }, metricLabel(t, id), stat ? h(doc, "span", { class: CLS.muted }, ` (${stat})`) : null),
    h(doc, "div", { class: CLS.tileValue, dataset: { metric: id, scope: "period" } }, formatMetric(id, v, locale)),
    h(doc, "div", { class: CLS.tileMeta }, detail(t, locale, id, v)),
    howDisclosure(doc, app, report, id, false));
}

/**
 * The trend of one metric over the report's buckets, as a chart. Options:
 * `values` (one number per bucket; default the metric's headline statistic in
 * each bucket), `label` and `format` of those values, `extra` flat lines
 * (`{label, value, dash}`), `title`.
 */
export function trendChart(doc, app, report, id, { values, label, format, extra = [], title } = {}) {
  const { t, locale } = app;
  const trend = report.trend;
  if (!trend?.buckets?.length) return null;
  const info = metricInfo(id);
  const tz = report.period.time_zone;
  const x = trend.buckets.map((b) => Math.floor(new Date(b.start).getTime() / 1000));
  values ??= trend.buckets.map((b) => metricNumber(id, b.metrics[id]));
  format ??= info?.kind === "nps" ? (y) => formatNps(y, locale) : (y) => formatUnit(y, info?.unit, locale);
  const stat = statLabel(t, id);
  label ??= metricLabel(t, id) + (stat ? ` (${stat})` : "");
  return lineChart(doc, {
    t, title: title || t("card.trendOf", { metric: label }),
    x, series: [{ label, values }, ...extra.map((e) => ({ ...e, values: x.map(() => e.value) }))],
    format, xLabel: (s) => formatBucket(s * 1000, trend.granularity, locale, tz),
    pngName: `cxkpi-${id}.png`, dataset: { trend: id },
  });
}

function card(doc, app, report, family) {
  const { t, locale } = app;
  const ids = familyMetrics(report.metrics, family);
  const heads = ids.filter((id) => metricInfo(id)?.head);
  const titleId = newId("card");
  const trendable = ids.filter((id) => metricNumber(id, report.metrics[id]) !== null || report.trend);
  app.ui.trendMetric[family] ??= heads.find((id) => metricNumber(id, report.metrics[id]) !== null) || ids[0];
  const chartHost = h(doc, "div");
  const drawChart = () => replace(chartHost, trendChart(doc, app, report, app.ui.trendMetric[family]));
  const selectId = newId("trend");
  const rows = ids.map((id) => ({ id, v: report.metrics[id] }));
  const el = h(doc, "section", { class: CLS.card, "aria-labelledby": titleId, dataset: { family } },
    h(doc, "header", { class: CLS.cardHead }, h(doc, "h3", { id: titleId }, t("family." + family))),
    h(doc, "div", { class: CLS.tiles }, heads.map((id) => tile(doc, app, report, id, report.metrics[id]))),
    report.trend ? h(doc, "div", { class: "cx-trend" },
      h(doc, "div", { class: `${CLS.fieldRow} ${CLS.noPrint}` },
        h(doc, "label", { for: selectId }, t("card.trend")),
        h(doc, "select", { id: selectId, onchange: (e) => { app.ui.trendMetric[family] = e.target.value; drawChart(); } },
          trendable.map((id) => h(doc, "option", { value: id, selected: id === app.ui.trendMetric[family] }, metricLabel(t, id) + (statLabel(t, id) ? ` (${statLabel(t, id)})` : ""))))),
      chartHost) : null,
    h(doc, "details", { class: "cx-all", open: true },
      h(doc, "summary", null, t("card.all", { n: ids.length })),
      renderTable(doc, {
        caption: t("card.allOf", { family: t("family." + family) }), sort: (app.ui.sorts[`all-${family}`] ??= {}),
        columns: [
          { key: "metric", label: t("card.metric"), value: (r) => metricLabel(t, r.id) + (statLabel(t, r.id) ? ` (${statLabel(t, r.id)})` : ""),
            cell: (r) => h(doc, "div", { class: "cx-how-cell" }, h(doc, "span", null, metricLabel(t, r.id) + (statLabel(t, r.id) ? ` (${statLabel(t, r.id)})` : "")), howDisclosure(doc, app, report, r.id, true)) },
          { key: "value", label: t("card.value"), num: true, value: (r) => metricNumber(r.id, r.v), text: (r) => formatMetric(r.id, r.v, locale), dataset: (r) => ({ metric: r.id, scope: "table" }) },
          { key: "n", label: t("card.sample"), num: true, value: (r) => sampleSize(r.v), text: (r) => (sampleSize(r.v) === null ? "" : formatInt(sampleSize(r.v), locale)) },
          { key: "detail", label: t("card.detail"), value: (r) => detailRest(t, locale, r.id, r.v) },
        ],
        rows,
      })));
  if (report.trend) drawChart();
  return el;
}

/** detail() without the leading n (the table has its own n column). */
function detailRest(t, locale, id, v) {
  const info = metricInfo(id);
  if (!info || !v) return "";
  const parts = [];
  if (info.kind === "dist" && v.count) for (const s of ["mean", "median", "p90"]) if (s !== info.stat) parts.push(`${t("stat." + s)} ${formatUnit(v[s], info.unit, locale)}`);
  if (Array.isArray(v.ci95)) parts.push(t("card.ci", { ci: formatInterval(id, v.ci95, locale) }));
  if (info.kind === "ratio" && v.denominator) parts.push(`${formatNumber(v.numerator, locale, 0)} / ${formatNumber(v.denominator, locale, 0)}`);
  return parts.join(" · ");
}

/** One value cell of a breakdown table, with n and interval in its title. */
const metricColumn = (app, id, groupColumn) => ({
  key: id, num: true,
  label: metricLabel(app.t, id) + (statLabel(app.t, id) ? ` (${statLabel(app.t, id)})` : ""),
  value: (r) => metricNumber(id, r.metrics[id]),
  cell: (r) => {
    const v = r.metrics[id];
    const span = r.metrics[id] ? h(r.doc, "span", { title: detail(app.t, app.locale, id, v) }, formatMetric(id, v, app.locale)) : NONE;
    return span;
  },
  dataset: (r) => ({ metric: id, group: r.name, groupColumn }),
});

function groupSection(doc, app, report, column) {
  const { t } = app;
  const values = report.groups[column] || {};
  const names = Object.keys(values);
  const families = presentFamilies(Object.assign({}, ...names.map((n) => values[n])));
  const host = h(doc, "div");
  const selectId = newId("gfam");
  const draw = () => {
    const family = app.ui.groupFamily[column] && families.includes(app.ui.groupFamily[column]) ? app.ui.groupFamily[column] : families[0];
    if (!family) return replace(host, h(doc, "p", { class: CLS.empty }, t("groups.empty")));
    const all = familyMetrics(Object.assign({}, ...names.map((n) => values[n])), family);
    const heads = all.filter((id) => metricInfo(id)?.head);
    const shown = (heads.length ? heads : all).concat(family === "qa" ? all.filter((id) => id.startsWith("qa.criterion_pass_rate.")) : []);
    const rows = names.map((name) => ({ name, metrics: values[name], doc })).filter((r) => shown.some((id) => r.metrics[id]));
    replace(host, renderTable(doc, {
      t, caption: t("groups.by", { column: groupName(t, column) }),
      sort: (app.ui.sorts[`group-${column}-${family}`] ??= { key: shown[0], dir: "desc" }),
      csvName: `cxkpi-${column}-${family}.csv`,
      columns: [{ key: column, label: groupName(t, column), value: (r) => r.name }, ...shown.map((id) => metricColumn(app, id, column))],
      rows,
    }));
  };
  draw();
  return h(doc, "section", { class: CLS.section, dataset: { groupColumn: column } },
    h(doc, "div", { class: "cx-section-head" },
      h(doc, "h3", null, groupName(t, column)),
      families.length > 1 ? h(doc, "div", { class: `${CLS.fieldRow} ${CLS.noPrint}` },
        h(doc, "label", { for: selectId }, t("groups.family")),
        h(doc, "select", { id: selectId, onchange: (e) => { app.ui.groupFamily[column] = e.target.value; draw(); } },
          families.map((f) => h(doc, "option", { value: f, selected: f === (app.ui.groupFamily[column] || families[0]) }, t("family." + f))))) : null),
    host);
}

const groupName = (t, column) => (t("group." + column) === "group." + column ? column : t("group." + column));

function timeWithCustomers(doc, app, report) {
  const { t, locale } = app;
  const total = report.metrics["contacts.handle_seconds"];
  if (!total) return null;
  const byChannel = report.groups.channel;
  const head = h(doc, "h3", null, t("twc.title"));
  if (!byChannel) return h(doc, "section", { class: CLS.section }, head, h(doc, "p", { class: CLS.note }, t("twc.needChannel")));
  const rows = Object.entries(byChannel).filter(([, m]) => m["contacts.handle_seconds"]?.count).map(([name, m]) => ({ name, v: m["contacts.handle_seconds"] }));
  const sum = total.sum || rows.reduce((a, r) => a + r.v.sum, 0);
  const cell = (key, f) => ({ key, num: true, value: (r) => r.v[key], text: (r) => f(r.v[key]), dataset: (r) => ({ metric: "contacts.handle_seconds", group: r.name, groupColumn: "channel", stat: key }) });
  return h(doc, "section", { class: CLS.section, dataset: { section: "time-with-customers" } }, head,
    h(doc, "p", { class: CLS.muted }, t("twc.total", { time: formatDuration(total.sum, locale), n: formatInt(total.count, locale) })),
    renderTable(doc, {
      t, caption: t("twc.title"), csvName: "cxkpi-time-with-customers.csv", sort: (app.ui.sorts.twc ??= { key: "sum", dir: "desc" }),
      columns: [
        { key: "channel", label: t("group.channel"), value: (r) => r.name },
        cell("count", (x) => formatInt(x, locale)),
        cell("sum", (x) => formatDuration(x, locale)),
        { key: "share", num: true, label: t("twc.share"), value: (r) => (sum ? r.v.sum / sum : null), text: (r) => formatPct(sum ? r.v.sum / sum : null, locale) },
        cell("mean", (x) => formatDuration(x, locale)),
        cell("median", (x) => formatDuration(x, locale)),
        cell("p90", (x) => formatDuration(x, locale)),
      ].map((c) => ({ ...c, label: c.label || t("twc." + c.key) })),
      rows,
    }));
}

function cohorts(doc, app, report) {
  const { t, locale } = app;
  const c = report.cohorts;
  if (!c?.rows?.length) return null;
  const width = Math.max(...c.rows.map((r) => r.retention.length));
  const table = h(doc, "table", { class: `${CLS.table} ${CLS.heat}` },
    h(doc, "caption", { class: CLS.visuallyHidden }, t("cohort.title")),
    h(doc, "thead", null, h(doc, "tr", null,
      h(doc, "th", { scope: "col" }, t("cohort.cohort")), h(doc, "th", { scope: "col", class: CLS.num }, t("cohort.customers")),
      Array.from({ length: width }, (_, k) => h(doc, "th", { scope: "col", class: CLS.num }, t("cohort.month", { k }))))),
    h(doc, "tbody", null, c.rows.map((r) => h(doc, "tr", { dataset: { cohort: r.cohort } },
      h(doc, "th", { scope: "row" }, formatBucket(r.cohort + "-15T12:00:00Z", "month", locale, "UTC")),
      h(doc, "td", { class: CLS.num }, formatInt(r.customers, locale)),
      Array.from({ length: width }, (_, k) => {
        const v = r.retention[k];
        const td = h(doc, "td", { class: CLS.num, title: r.active[k] !== undefined ? t("cohort.cell", { active: formatInt(r.active[k], locale), n: formatInt(r.customers, locale) }) : null }, v == null ? "" : formatPct(v, locale, 0));
        if (v != null) {
          td.style.setProperty("--v", String(Math.max(0, Math.min(1, v))));
          if (v > 0.55) td.classList.add("cx-heat-strong");
        }
        else td.classList.add("cx-heat-empty");
        return td;
      })))));
  return h(doc, "section", { class: CLS.section, dataset: { section: "cohorts" } },
    h(doc, "h3", null, t("cohort.title")),
    h(doc, "p", { class: CLS.muted }, t("cohort.hint")),
    h(doc, "div", { class: CLS.tableWrap, tabindex: "0", role: "region", "aria-label": t("cohort.title") }, table),
    csvButton(doc, app, "cxkpi-cohorts.csv", () => cohortTable(report)));
}

function csvButton(doc, app, name, rows) {
  return h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
    h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => app.downloadCsv(name, rows()) }, app.t("export.tableCsv")));
}

function qa(doc, app, report) {
  const { t, locale } = app;
  const criteria = Object.keys(report.metrics).filter((id) => id.startsWith("qa.criterion_pass_rate."));
  if (!report.metrics["qa.reviews"]) return null;
  const critical = new Set(app.config.qa?.critical || []);
  const perCriterion = renderTable(doc, {
    t, caption: t("qa.perCriterion"), csvName: "cxkpi-qa-criteria.csv", sort: (app.ui.sorts.qaCrit ??= { key: "rate", dir: "asc" }),
    columns: [
      { key: "criterion", label: t("qa.criterion"), value: (r) => r.name, cell: (r) => h(doc, "span", null, r.name, critical.has(r.name) ? h(doc, "span", { class: "cx-badge" }, t("qa.critical")) : null) },
      { key: "rate", num: true, label: t("qa.passRate"), value: (r) => r.v?.value ?? null, text: (r) => formatPct(r.v?.value, locale), dataset: (r) => ({ metric: r.id, scope: "qa" }) },
      { key: "n", num: true, label: t("card.sample"), value: (r) => r.v?.denominator ?? null, text: (r) => formatInt(r.v?.denominator, locale) },
      { key: "ci", label: t("card.interval"), value: (r) => (r.v?.ci95 ? formatInterval(r.id, r.v.ci95, locale) : "") },
    ],
    rows: criteria.map((id) => ({ id, name: id.slice("qa.criterion_pass_rate.".length), v: report.metrics[id] })),
  });
  const agents = report.groups.agent;
  let perAgent;
  if (!agents) perAgent = h(doc, "p", { class: CLS.note }, t("qa.needAgent"));
  else {
    const rows = Object.entries(agents).filter(([, m]) => m["qa.reviews"]).map(([name, metrics]) => ({ name, metrics, doc }));
    perAgent = renderTable(doc, {
      t, caption: t("qa.perAgent"), csvName: "cxkpi-qa-agents.csv", sort: (app.ui.sorts.qaAgent ??= { key: "qa.score", dir: "desc" }),
      columns: [{ key: "agent", label: t("group.agent"), value: (r) => r.name },
        ...["qa.reviews", "qa.score", ...criteria].map((id) => metricColumn(app, id, "agent"))],
      rows,
    });
  }
  return h(doc, "section", { class: CLS.section, dataset: { section: "qa" } },
    h(doc, "h3", null, t("qa.title")),
    h(doc, "h4", null, t("qa.perAgent")), perAgent,
    h(doc, "h4", null, t("qa.perCriterion")), perCriterion);
}

/** Draw the whole dashboard for `report` into `el`. */
export function renderReport(el, app, report) {
  const doc = el.ownerDocument;
  const { t } = app;
  for (const fig of el.querySelectorAll("figure")) fig.cxDestroy?.();
  const families = presentFamilies(report.metrics).filter((f) => !app.cards || app.cards.includes(f));
  if (!families.length) return replace(el, h(doc, "p", { class: CLS.empty }, t("dash.noMetrics")));
  const groupCols = Object.keys(report.groups || {});
  replace(el,
    h(doc, "div", { class: CLS.grid }, families.map((f) => card(doc, app, report, f))),
    h(doc, "div", { class: "cx-breakdowns" },
      h(doc, "h2", { class: CLS.panelHead }, t("groups.title")),
      groupCols.length ? groupCols.map((c) => groupSection(doc, app, report, c)) : h(doc, "p", { class: CLS.note }, t("groups.none")),
      timeWithCustomers(doc, app, report),
      cohorts(doc, app, report),
      qa(doc, app, report)));
}

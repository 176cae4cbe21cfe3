// The goal tree (SPEC section 5): each goal with baseline → current → target,
// a progress bar with the elapsed-time mark, its deadline and status, and a
// chart of the metric against its target. Goals are edited here and saved in
// the config; they export and import as JSON.
import { h, newId, replace } from "./dom.js";
import { CLS } from "../render/classes.js";
import { metricLabel } from "./i18n.js";
import { goalMetricChoices, metricInfo, splitGoalMetric, METRICS } from "./schema.js";
import { formatDate, formatInt, formatNps, formatPct, formatUnit, NONE } from "../render/format.js";
import { trendChart } from "./report-view.js";
import { download } from "./export.js";

/** The value of a goal's metric in its unit. */
function goalValue(goalMetric, x, locale) {
  const [id, stat] = splitGoalMetric(goalMetric);
  const info = metricInfo(id);
  if (x === null || x === undefined) return NONE;
  if (stat === "count") return formatInt(x, locale);
  if (info?.kind === "nps") return formatNps(x, locale);
  return formatUnit(x, info?.unit, locale);
}

function goalMetricLabel(t, goalMetric) {
  const [id, stat] = splitGoalMetric(goalMetric);
  return metricLabel(t, id) + (stat ? ` (${t("stat." + stat)})` : "");
}

/** Goals as a forest: [{goal, children}], in config order; an unknown parent makes a root. */
export function goalForest(goals) {
  const ids = new Set(goals.map((g) => g.id));
  const nodes = new Map(goals.map((g) => [g.id, { goal: g, children: [] }]));
  const roots = [];
  for (const g of goals) {
    const node = nodes.get(g.id);
    if (g.parent && ids.has(g.parent) && g.parent !== g.id) nodes.get(g.parent).children.push(node);
    else roots.push(node);
  }
  return roots;
}

function goalItem(doc, app, report, node, depth) {
  const { t, locale } = app;
  const g = node.goal;
  const o = report?.goals?.find((x) => x.id === g.id) || { status: "no_data" };
  const progress = typeof o.progress === "number" ? Math.max(0, Math.min(1, o.progress)) : null;
  const fill = h(doc, "span", { class: CLS.barFill });
  fill.style.width = `${(progress ?? 0) * 100}%`;
  const mark = typeof o.elapsed === "number" ? h(doc, "span", { class: CLS.barMark, title: t("goals.elapsed", { pct: formatPct(o.elapsed, locale, 0) }) }) : null;
  if (mark) mark.style.left = `${Math.max(0, Math.min(1, o.elapsed)) * 100}%`;
  const bar = h(doc, "div", { class: `${CLS.bar} cx-bar-${o.status}`, role: "meter", "aria-valuemin": "0", "aria-valuemax": "100",
    "aria-valuenow": progress === null ? null : String(Math.round(progress * 100)), "aria-label": t("goals.progress") }, fill, mark);
  const chartId = newId("goal-chart");
  const chartHost = h(doc, "div", { id: chartId });
  // The engine gives each goal's number per trend bucket under its filter (goals[].series).
  const canChart = g.metric && Array.isArray(o.series) && report?.trend;
  const showChart = (e) => {
    const open = !chartHost.childNodes.length;
    e.currentTarget.setAttribute("aria-expanded", String(open));
    chartHost.querySelector("figure")?.cxDestroy?.();
    if (!open) return replace(chartHost);
    const extra = [];
    if (typeof o.target === "number") extra.push({ label: t("goals.target"), value: o.target, dash: true });
    if (typeof o.baseline === "number") extra.push({ label: t("goals.baseline"), value: o.baseline, dash: true });
    const [id] = splitGoalMetric(g.metric);
    replace(chartHost, trendChart(doc, app, report, id, {
      values: o.series, label: goalMetricLabel(t, g.metric), format: (y) => goalValue(g.metric, y, locale),
      extra, title: t("goals.chartTitle", { name: g.name || g.id }),
    }));
  };
  return h(doc, "li", { class: CLS.goal, dataset: { goal: g.id, status: o.status } },
    h(doc, "div", { class: "cx-goal-head" },
      h(doc, "span", { class: "cx-goal-name" }, g.name || g.id),
      h(doc, "span", { class: `${CLS.status} cx-status-${o.status}` }, t("status." + o.status))),
    g.metric ? h(doc, "div", { class: "cx-goal-body" },
      h(doc, "div", { class: CLS.muted }, goalMetricLabel(t, g.metric),
        Object.keys(g.filter || {}).length ? ` · ${Object.entries(g.filter).map(([k, v]) => `${k} = ${v}`).join(", ")}` : ""),
      h(doc, "dl", { class: "cx-goal-numbers" },
        h(doc, "div", null, h(doc, "dt", null, t("goals.baseline")), h(doc, "dd", { dataset: { goalValue: "baseline" } }, goalValue(g.metric, o.baseline, locale))),
        h(doc, "div", null, h(doc, "dt", null, t("goals.current")), h(doc, "dd", { dataset: { goalValue: "current" } }, goalValue(g.metric, o.current, locale))),
        h(doc, "div", null, h(doc, "dt", null, t("goals.target")), h(doc, "dd", { dataset: { goalValue: "target" } }, goalValue(g.metric, o.target, locale))),
        h(doc, "div", null, h(doc, "dt", null, t("goals.deadline")), h(doc, "dd", null, g.deadline ? formatDate(g.deadline + "T12:00:00Z", locale, "UTC") : NONE))),
      bar,
      h(doc, "div", { class: CLS.muted }, t("goals.progressText", { progress: formatPct(o.progress, locale, 0), elapsed: formatPct(o.elapsed, locale, 0) }))) : h(doc, "div", { class: CLS.muted }, t("goals.rollup")),
    h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
      canChart ? h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, "aria-expanded": "false", "aria-controls": chartId, onclick: showChart }, t("goals.chart")) : null,
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => { app.ui.goalEditing = g.id; app.renderGoals(); } }, t("goals.edit")),
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => app.saveGoals(app.config.goals.filter((x) => x.id !== g.id).map((x) => (x.parent === g.id ? { ...x, parent: g.parent } : x))) }, t("goals.delete"))),
    chartHost,
    node.children.length ? h(doc, "ul", { class: CLS.goalTree }, node.children.map((c) => goalItem(doc, app, report, c, depth + 1))) : null);
}

function goalForm(doc, app, report, goal) {
  const { t } = app;
  const g = goal || { id: "", name: "", target: { absolute: 0 } };
  const goals = app.config.goals || [];
  const f = (label, control) => {
    control.id ||= newId("goal");
    return h(doc, "div", { class: CLS.field }, h(doc, "label", { for: control.id }, label), control);
  };
  const metricIds = report ? Object.keys(report.metrics) : METRICS.map((m) => m.id);
  const choices = goalMetricChoices(metricIds);
  if (g.metric && !choices.includes(g.metric)) choices.unshift(g.metric);
  const id = h(doc, "input", { type: "text", value: g.id, required: true, pattern: "[^\\s]+", name: "id" });
  const name = h(doc, "input", { type: "text", value: g.name || "", name: "name" });
  const metric = h(doc, "select", { name: "metric" }, h(doc, "option", { value: "" }, t("goal.noMetric")),
    choices.map((c) => h(doc, "option", { value: c, selected: c === g.metric }, goalMetricLabel(t, c))));
  const [filterCol, filterVal] = Object.entries(g.filter || {})[0] || ["", ""];
  const fc = h(doc, "input", { type: "text", value: filterCol, name: "filter_column", placeholder: "team" });
  const fv = h(doc, "input", { type: "text", value: filterVal, name: "filter_value" });
  const relative = g.target && "relative" in g.target;
  const tType = h(doc, "select", { name: "target_type" },
    h(doc, "option", { value: "absolute", selected: !relative }, t("goal.absolute")),
    h(doc, "option", { value: "relative", selected: relative }, t("goal.relative")));
  const tValue = h(doc, "input", { type: "number", step: "any", name: "target_value", value: relative ? String(+(g.target.relative * 100).toFixed(6)) : g.target?.absolute ?? "" });
  const bs = h(doc, "input", { type: "date", name: "baseline_start", value: g.baseline?.start || "" });
  const be = h(doc, "input", { type: "date", name: "baseline_end", value: g.baseline?.end || "" });
  const start = h(doc, "input", { type: "date", name: "start", value: g.start || "" });
  const deadline = h(doc, "input", { type: "date", name: "deadline", value: g.deadline || "" });
  const parent = h(doc, "select", { name: "parent" }, h(doc, "option", { value: "" }, t("goal.noParent")),
    goals.filter((x) => x.id !== g.id).map((x) => h(doc, "option", { value: x.id, selected: x.id === g.parent }, x.name || x.id)));
  const error = h(doc, "p", { class: CLS.error, role: "alert", hidden: true });
  const save = (e) => {
    e.preventDefault();
    const out = { id: id.value.trim() };
    if (!out.id) { error.hidden = false; error.textContent = t("goal.needId"); return; }
    if (goals.some((x) => x.id === out.id && x.id !== goal?.id)) { error.hidden = false; error.textContent = t("goal.duplicateId"); return; }
    if (name.value.trim()) out.name = name.value.trim();
    if (metric.value) {
      out.metric = metric.value;
      if (fc.value.trim() && fv.value.trim()) out.filter = { [fc.value.trim()]: fv.value.trim() };
      const v = Number(tValue.value);
      if (tValue.value !== "" && Number.isFinite(v)) out.target = tType.value === "relative" ? { relative: v / 100 } : { absolute: v };
      if (bs.value && be.value) out.baseline = { start: bs.value, end: be.value };
      if (start.value) out.start = start.value;
      if (deadline.value) out.deadline = deadline.value;
    }
    if (parent.value) out.parent = parent.value;
    const next = goal ? goals.map((x) => (x.id === goal.id ? out : x.parent === goal.id ? { ...x, parent: out.id } : x)) : [...goals, out];
    app.ui.goalEditing = null;
    app.saveGoals(next);
  };
  return h(doc, "form", { class: `${CLS.form} cx-goal-form`, onsubmit: save, "aria-label": t(goal ? "goals.edit" : "goals.add") },
    h(doc, "h3", null, t(goal ? "goals.editing" : "goals.add")),
    error,
    h(doc, "div", { class: CLS.fieldRow }, f(t("goal.id"), id), f(t("goal.name"), name)),
    f(t("goal.metric"), metric),
    h(doc, "div", { class: CLS.fieldRow }, f(t("goal.filterColumn"), fc), f(t("goal.filterValue"), fv)),
    h(doc, "div", { class: CLS.fieldRow }, f(t("goal.targetType"), tType), f(t("goal.targetValue"), tValue)),
    h(doc, "div", { class: CLS.fieldRow }, f(t("goal.baselineStart"), bs), f(t("goal.baselineEnd"), be)),
    h(doc, "div", { class: CLS.fieldRow }, f(t("goal.start"), start), f(t("goal.deadline"), deadline)),
    f(t("goal.parent"), parent),
    h(doc, "div", { class: CLS.toolbar },
      h(doc, "button", { type: "submit", class: `${CLS.button} ${CLS.buttonPrimary}` }, t("goal.save")),
      h(doc, "button", { type: "button", class: CLS.button, onclick: () => { app.ui.goalEditing = null; app.renderGoals(); } }, t("goal.cancel"))));
}

/** Draw the goals section into `el`. */
export function renderGoals(el, app, report) {
  const doc = el.ownerDocument;
  const { t } = app;
  const goals = app.config.goals || [];
  for (const fig of el.querySelectorAll("figure")) fig.cxDestroy?.();
  const importInput = h(doc, "input", { type: "file", accept: ".json,application/json", id: newId("gimp"), class: CLS.visuallyHidden,
    onchange: async () => {
      const file = importInput.files[0];
      importInput.value = "";
      if (!file) return;
      try {
        const parsed = JSON.parse(await file.text());
        const list = Array.isArray(parsed) ? parsed : parsed.goals;
        if (!Array.isArray(list) || list.some((g) => !g || typeof g.id !== "string")) throw new Error(t("goal.importShape"));
        app.saveGoals(list);
      } catch (e) {
        app.showGoalError(t("goal.importError", { message: e.message }));
      }
    } });
  const editing = app.ui.goalEditing;
  replace(el,
    h(doc, "div", { class: "cx-section-head" },
      h(doc, "h2", { class: CLS.panelHead }, t("goals.title")),
      h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
        h(doc, "button", { type: "button", class: CLS.button, onclick: () => { app.ui.goalEditing = "new"; app.renderGoals(); } }, t("goals.add")),
        h(doc, "button", { type: "button", class: CLS.button, disabled: !goals.length, onclick: () => download(doc, "cxkpi-goals.json", JSON.stringify({ goals }, null, 2) + "\n", "application/json") }, t("goals.export")),
        importInput,
        h(doc, "label", { for: importInput.id, class: CLS.button, tabindex: "0", onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); importInput.click(); } } }, t("goals.import")))),
    app.goalError ? h(doc, "p", { class: CLS.error, role: "alert" }, app.goalError) : null,
    editing ? goalForm(doc, app, report, editing === "new" ? null : goals.find((g) => g.id === editing)) : null,
    goals.length ? h(doc, "ul", { class: `${CLS.goalTree} cx-goal-root` }, goalForest(goals).map((n) => goalItem(doc, app, report, n, 0)))
      : h(doc, "p", { class: CLS.empty }, t("goals.none")));
}

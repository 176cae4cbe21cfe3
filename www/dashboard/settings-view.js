// The settings form. Every change rebuilds the config from the form and hands
// it to `app.setConfig` (debounced); the form is drawn again only on a
// language change or when settings come from outside (hash, import, reset).
import { h, newId, replace } from "./dom.js";
import { CLS } from "../render/classes.js";
import { GROUP_COLUMNS } from "./schema.js";
import { ENGINE_DEFAULTS, GRANULARITIES, WEEKDAYS, cleanConfig, splitLines, hoursToSeconds } from "./state.js";
import { download } from "./export.js";

const addDays = (date, n) => {
  const d = new Date(date + "T00:00:00Z");
  if (Number.isNaN(d.getTime())) return "";
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

let zones = null;
const timeZones = () => (zones ??= typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"]);

/** Draw the form into `el` from `app.config`; `app.setConfig(config)` receives edits. */
export function renderSettings(el, app) {
  const doc = el.ownerDocument;
  const { t } = app;
  const c = app.config;
  const field = (label, control, hint) => {
    const id = control.id || (control.id = newId("set"));
    return h(doc, "div", { class: CLS.field }, h(doc, "label", { for: id }, label), control, hint ? h(doc, "small", { class: CLS.muted }, hint) : null);
  };
  const num = (key, value, attrs = {}) => h(doc, "input", { type: "number", name: key, value: value ?? "", placeholder: String(ENGINE_DEFAULTS[key] ?? ""), inputmode: "decimal", ...attrs });

  const from = h(doc, "input", { type: "date", name: "from", value: c.period?.start || "" });
  const to = h(doc, "input", { type: "date", name: "to", value: c.period?.end ? addDays(c.period.end, -1) : "" });
  const listId = newId("zones");
  // A new zone re-reads every file: apply it when the field is committed, not on each keystroke.
  const tz = h(doc, "input", { type: "text", name: "time_zone", value: c.time_zone || "", list: listId, autocomplete: "off", spellcheck: "false", oninput: (e) => e.stopPropagation() });
  const zoneList = h(doc, "datalist", { id: listId }, timeZones().map((z) => h(doc, "option", { value: z })));
  const gran = h(doc, "select", { name: "granularity" },
    h(doc, "option", { value: "" }, t("gran.none")),
    GRANULARITIES.map((g) => h(doc, "option", { value: g, selected: c.granularity === g }, t("gran." + g))));
  const groupBy = c.group_by || [];
  const groupChecks = GROUP_COLUMNS.map((g) => h(doc, "label", { class: "cx-check" },
    h(doc, "input", { type: "checkbox", name: "group_by", value: g, checked: groupBy.includes(g) }), t("group." + g)));
  const groupOther = h(doc, "input", { type: "text", name: "group_other", value: groupBy.filter((g) => !GROUP_COLUMNS.includes(g)).join(", ") });

  const bh = c.business_hours;
  const bhOn = h(doc, "input", { type: "checkbox", name: "bh_on", checked: !!bh });
  const bhDays = WEEKDAYS.map((d) => h(doc, "label", { class: "cx-check" },
    h(doc, "input", { type: "checkbox", name: "bh_day", value: d, checked: bh ? bh.days?.includes(d) : !["sat", "sun"].includes(d) }), t("day." + d)));
  const bhStart = h(doc, "input", { type: "time", name: "bh_start", value: bh?.start || "08:00" });
  const bhEnd = h(doc, "input", { type: "time", name: "bh_end", value: bh?.end || "17:00" });
  const holidays = h(doc, "textarea", { name: "holidays", rows: "3", placeholder: "2026-12-24" });
  holidays.value = (bh?.holidays || []).join("\n");

  const slaBody = h(doc, "tbody");
  const slaRow = (prio, target = {}) => {
    const hours = (s) => (Number.isFinite(s) ? String(+(s / 3600).toFixed(4)) : "");
    const p = h(doc, "input", { type: "text", name: "sla_priority", value: prio, "aria-label": t("settings.priority"), readonly: prio === "default" });
    const fr = h(doc, "input", { type: "number", name: "sla_fr", min: "0", step: "any", value: hours(target.first_response), "aria-label": t("settings.firstResponse") });
    const rs = h(doc, "input", { type: "number", name: "sla_res", min: "0", step: "any", value: hours(target.resolution), "aria-label": t("settings.resolution") });
    const tr = h(doc, "tr", null, h(doc, "td", null, p), h(doc, "td", null, fr), h(doc, "td", null, rs),
      h(doc, "td", null, prio === "default" ? null : h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, "aria-label": t("settings.removePriority"), onclick: () => { tr.remove(); changed(); } }, "×")));
    slaBody.append(tr);
  };
  const sla = c.sla || {};
  slaRow("default", sla.default);
  for (const [prio, target] of Object.entries(sla)) if (prio !== "default") slaRow(prio, target);

  const csat = num("csat_scale", c.csat_scale, { min: "2", step: "1" });
  const ces = num("ces_scale", c.ces_scale, { min: "2", step: "1" });
  const cesHigher = h(doc, "input", { type: "checkbox", name: "ces_higher_is_easier", checked: c.ces_higher_is_easier !== false });
  const sl = num("service_level_seconds", c.service_level_seconds, { min: "0" });
  const shortAb = num("short_abandon_seconds", c.short_abandon_seconds, { min: "0" });
  const repeat = num("repeat_contact_days", c.repeat_contact_days, { min: "0", step: "any" });
  const inactivity = num("inactivity_days", c.inactivity_days, { min: "0", step: "any" });
  const keywords = h(doc, "textarea", { name: "complaint_keywords", rows: "3", placeholder: ENGINE_DEFAULTS.complaint_keywords.join("\n") });
  keywords.value = (c.complaint_keywords || []).join("\n");
  const critical = h(doc, "textarea", { name: "qa_critical", rows: "2" });
  critical.value = (c.qa?.critical || []).join("\n");
  const error = h(doc, "p", { class: CLS.error, role: "alert", hidden: !app.configError }, app.configError ? t("settings.error", { message: app.configError.message }) : "");

  const read = () => {
    const out = { ...app.config };
    const numOr = (input) => (input.value.trim() === "" ? undefined : Number(input.value));
    out.time_zone = tz.value.trim() || undefined;
    out.period = from.value && to.value ? { start: from.value, end: addDays(to.value, 1) } : undefined;
    out.granularity = gran.value || undefined;
    out.group_by = [...groupChecks.map((l) => l.firstChild).filter((i) => i.checked).map((i) => i.value),
      ...groupOther.value.split(",").map((s) => s.trim()).filter(Boolean)];
    out.business_hours = bhOn.checked ? {
      days: bhDays.map((l) => l.firstChild).filter((i) => i.checked).map((i) => i.value),
      start: bhStart.value || "08:00", end: bhEnd.value || "17:00", holidays: splitLines(holidays.value),
    } : undefined;
    const slaOut = {};
    for (const tr of slaBody.rows) {
      const [p, fr, rs] = [...tr.querySelectorAll("input")];
      const name = p.value.trim();
      if (!name) continue;
      slaOut[name] = { first_response: hoursToSeconds(fr.value), resolution: hoursToSeconds(rs.value) };
    }
    out.sla = slaOut;
    out.csat_scale = numOr(csat);
    out.ces_scale = numOr(ces);
    out.ces_higher_is_easier = cesHigher.checked ? undefined : false;
    out.service_level_seconds = numOr(sl);
    out.short_abandon_seconds = numOr(shortAb);
    out.repeat_contact_days = numOr(repeat);
    out.inactivity_days = numOr(inactivity);
    out.complaint_keywords = splitLines(keywords.value);
    const crit = splitLines(critical.value);
    out.qa = crit.length ? { critical: crit } : undefined;
    return cleanConfig(out);
  };
  let timer = null;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => app.setConfig(read()), 250);
  };

  const importInput = h(doc, "input", { type: "file", accept: ".json,application/json", class: CLS.visuallyHidden, id: newId("cfg"),
    onchange: async () => {
      const f = importInput.files[0];
      importInput.value = "";
      if (!f) return;
      try {
        app.replaceConfig(JSON.parse(await f.text()));
      } catch (e) {
        error.hidden = false;
        error.textContent = t("settings.error", { message: e.message });
      }
    } });

  const form = h(doc, "form", { class: CLS.form, onsubmit: (e) => e.preventDefault(), oninput: changed, onchange: changed, "aria-describedby": null },
    error,
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.period")),
      h(doc, "div", { class: CLS.fieldRow }, field(t("settings.from"), from), field(t("settings.to"), to)),
      h(doc, "small", { class: CLS.muted }, t("settings.periodHint")),
      field(t("settings.timeZone"), tz), zoneList,
      field(t("settings.granularity"), gran)),
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.groupBy")),
      h(doc, "div", { class: "cx-checks" }, groupChecks),
      field(t("settings.groupOther"), groupOther)),
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.businessHours")),
      h(doc, "label", { class: "cx-check" }, bhOn, t("settings.bhOn")),
      h(doc, "div", { class: "cx-checks" }, bhDays),
      h(doc, "div", { class: CLS.fieldRow }, field(t("settings.opens"), bhStart), field(t("settings.closes"), bhEnd)),
      field(t("settings.holidays"), holidays)),
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.sla")),
      h(doc, "table", { class: `${CLS.table} cx-sla` },
        h(doc, "thead", null, h(doc, "tr", null, h(doc, "th", { scope: "col" }, t("settings.priority")), h(doc, "th", { scope: "col" }, t("settings.firstResponse")), h(doc, "th", { scope: "col" }, t("settings.resolution")), h(doc, "th", null))),
        slaBody),
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => { slaRow(""); slaBody.lastChild.querySelector("input").focus(); } }, t("settings.addPriority"))),
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.surveys")),
      h(doc, "div", { class: CLS.fieldRow }, field(t("settings.csatScale"), csat), field(t("settings.cesScale"), ces)),
      h(doc, "label", { class: "cx-check" }, cesHigher, t("settings.cesHigher"))),
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.contacts")),
      h(doc, "div", { class: CLS.fieldRow }, field(t("settings.serviceLevel"), sl), field(t("settings.shortAbandon"), shortAb)),
      h(doc, "div", { class: CLS.fieldRow }, field(t("settings.repeat"), repeat), field(t("settings.inactivity"), inactivity))),
    h(doc, "fieldset", null, h(doc, "legend", null, t("settings.keywordsTitle")),
      field(t("settings.keywords"), keywords, t("settings.onePerLine")),
      field(t("settings.qaCritical"), critical, t("settings.onePerLine"))),
    h(doc, "div", { class: CLS.toolbar },
      h(doc, "button", { type: "button", class: CLS.button, onclick: () => download(doc, "cxkpi-config.json", JSON.stringify(cleanConfig(app.config), null, 2) + "\n", "application/json") }, t("settings.download")),
      importInput,
      h(doc, "label", { for: importInput.id, class: CLS.button, tabindex: "0", onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); importInput.click(); } } }, t("settings.import")),
      h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: () => app.resetConfig() }, t("settings.reset"))),
    h(doc, "p", { class: CLS.note }, t("settings.note")));

  replace(el, h(doc, "h2", { class: CLS.panelHead }, t("settings.title")), form);
  return { showError(e) { error.hidden = !e; error.textContent = e ? t("settings.error", { message: e.message }) : ""; } };
}

// What the page knows of the engine's vocabulary (SPEC sections 1 and 4): the
// canonical tables and their columns, and the metric catalogue that decides how
// each metric id is shown. Pure data and lookups; no DOM.

/** Canonical tables, in SPEC order. `required` columns must be mapped. */
export const KINDS = ["tickets", "calls", "surveys", "customers", "orders", "qa_reviews"];

/** Canonical columns per table: [name, type, required]. */
export const COLUMNS = {
  tickets: [
    ["id", "str", true], ["created_at", "ts", true], ["first_response_at", "ts"], ["solved_at", "ts"],
    ["status", "str"], ["channel", "str"], ["agent", "str"], ["team", "str"], ["priority", "str"],
    ["category", "str"], ["customer_id", "str"], ["replies", "int"], ["reopens", "int"],
    ["escalated", "bool"], ["transfers", "int"], ["expert_transfer", "bool"], ["handle_seconds", "dur"],
    ["first_response_seconds", "dur"], ["resolution_seconds", "dur"],
    ["first_response_business_seconds", "dur"], ["resolution_business_seconds", "dur"],
    ["satisfaction", "str"], ["tags", "str"], ["is_complaint", "bool"],
  ],
  calls: [
    ["id", "str", true], ["started_at", "ts", true], ["answered_at", "ts"], ["ended_at", "ts"],
    ["wait_seconds", "dur"], ["talk_seconds", "dur"], ["hold_seconds", "dur"], ["wrap_seconds", "dur"],
    ["agent", "str"], ["queue", "str"], ["customer_id", "str"], ["direction", "str"],
    ["abandoned", "bool"], ["transferred", "bool"],
  ],
  surveys: [
    ["id", "str"], ["submitted_at", "ts", true], ["kind", "str"], ["score", "num"], ["ticket_id", "str"],
    ["customer_id", "str"], ["agent", "str"], ["comment", "str"], ["csat", "num"], ["nps", "num"], ["ces", "num"],
  ],
  customers: [
    ["id", "str", true], ["started_at", "ts", true], ["ended_at", "ts"], ["plan", "str"], ["segment", "str"], ["mrr", "num"],
  ],
  orders: [
    ["id", "str"], ["customer_id", "str"], ["ordered_at", "ts", true], ["amount", "num"], ["promised_at", "ts"],
    ["delivered_at", "ts"], ["returned", "bool"], ["cancelled", "bool"], ["invoice_error", "bool"],
    ["entry_error", "bool"], ["claim", "bool"],
  ],
  qa_reviews: [
    ["id", "str"], ["reviewed_at", "ts", true], ["agent", "str", true], ["ticket_id", "str"], ["reviewer", "str"],
  ],
};

/** KPI families in the order their cards appear. */
export const FAMILIES = ["tickets", "calls", "contacts", "surveys", "customers", "orders", "qa"];

/** Group-by columns offered in the settings (any other column name may be typed). */
export const GROUP_COLUMNS = ["agent", "team", "channel", "priority", "queue", "category", "plan", "segment"];

// kind: count | dist | rate | nps | ratio | value (SPEC section 3).
// unit: how the number reads: n (count), s (seconds), pct (fraction), score, money.
// stat: the statistic a dist metric shows as its headline (mean for AHT/ASA-style, median for waits).
// better: "up" | "down" | null (no good direction).
// head: shown as a big number on the family's card.
const M = (id, kind, unit, better, extra = {}) => ({ id, kind, unit, better, stat: kind === "dist" ? "mean" : "value", ...extra });

/** Every metric id of SPEC section 4 (qa.criterion_pass_rate.NAME is matched by prefix). */
export const METRICS = [
  M("tickets.created", "count", "n", null, { head: true }),
  M("tickets.solved", "count", "n", null, { head: true }),
  M("tickets.backlog", "count", "n", "down", { head: true }),
  M("tickets.first_response_seconds", "dist", "s", "down", { stat: "median", head: true }),
  M("tickets.unanswered", "count", "n", "down"),
  M("tickets.resolution_seconds", "dist", "s", "down", { stat: "median", head: true }),
  M("tickets.first_response_business_seconds", "dist", "s", "down", { stat: "median" }),
  M("tickets.resolution_business_seconds", "dist", "s", "down", { stat: "median" }),
  M("tickets.first_response_sla_rate", "rate", "pct", "up", { head: true }),
  M("tickets.resolution_sla_rate", "rate", "pct", "up"),
  M("tickets.fcr_rate", "rate", "pct", "up", { head: true }),
  M("tickets.one_touch_rate", "rate", "pct", "up"),
  M("tickets.replies_per_solved", "dist", "score", "down"),
  M("tickets.reopen_rate", "rate", "pct", "down"),
  M("tickets.escalation_rate", "rate", "pct", "down"),
  M("tickets.transfer_rate", "rate", "pct", "down"),
  M("tickets.expert_transfer_rate", "rate", "pct", null),
  M("tickets.unnecessary_transfer_rate", "rate", "pct", "down"),
  M("tickets.complaints", "count", "n", "down", { head: true }),
  M("tickets.complaint_rate", "rate", "pct", "down"),
  M("tickets.escalated_complaints", "count", "n", "down"),
  M("tickets.handle_seconds", "dist", "s", null),
  M("calls.offered", "count", "n", null, { head: true }),
  M("calls.answered", "count", "n", null),
  M("calls.abandonment_rate", "rate", "pct", "down", { head: true }),
  M("calls.service_level", "rate", "pct", "up", { head: true }),
  M("calls.speed_of_answer_seconds", "dist", "s", "down", { head: true }),
  M("calls.handle_seconds", "dist", "s", null, { head: true }),
  M("calls.talk_seconds", "dist", "s", null),
  M("calls.hold_seconds", "dist", "s", "down"),
  M("calls.wrap_seconds", "dist", "s", null),
  M("calls.transfer_rate", "rate", "pct", "down"),
  M("calls.fcr_rate", "rate", "pct", "up", { head: true }),
  M("contacts.handle_seconds", "dist", "s", null, { head: true }),
  M("surveys.csat_rate", "rate", "pct", "up", { head: true }),
  M("surveys.csat_score", "dist", "score", "up"),
  M("surveys.nps", "nps", "score", "up", { head: true }),
  M("surveys.ces_score", "dist", "score", null),
  M("surveys.ces_easy_rate", "rate", "pct", "up", { head: true }),
  M("customers.active_at_start", "count", "n", null),
  M("customers.new", "count", "n", "up", { head: true }),
  M("customers.lost", "count", "n", "down"),
  M("customers.active_at_end", "count", "n", "up", { head: true }),
  M("customers.churn_rate", "rate", "pct", "down", { head: true }),
  M("customers.retention_rate", "rate", "pct", "up", { head: true }),
  M("customers.revenue_churn_rate", "ratio", "pct", "down"),
  M("orders.count", "count", "n", null, { head: true }),
  M("orders.revenue", "value", "money", "up", { head: true }),
  M("orders.revenue_per_customer", "value", "money", "up"),
  M("orders.on_time_delivery_rate", "rate", "pct", "up", { head: true }),
  M("orders.delivery_seconds", "dist", "s", "down", { stat: "median" }),
  M("orders.return_rate", "rate", "pct", "down", { head: true }),
  M("orders.cancellation_rate", "rate", "pct", "down"),
  M("orders.billing_accuracy_rate", "rate", "pct", "up"),
  M("orders.entry_accuracy_rate", "rate", "pct", "up"),
  M("orders.claim_free_rate", "rate", "pct", "up"),
  M("orders.repeat_purchase_rate", "rate", "pct", "up"),
  M("qa.reviews", "count", "n", null, { head: true }),
  M("qa.score", "dist", "score", "up", { head: true }),
];

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));
const CRITERION = "qa.criterion_pass_rate.";

/** The catalogue entry of a metric id; criterion pass rates share one entry. */
export function metricInfo(id) {
  if (BY_ID.has(id)) return BY_ID.get(id);
  if (id.startsWith(CRITERION)) return { id, kind: "rate", unit: "pct", better: "up", stat: "value", criterion: id.slice(CRITERION.length) };
  return null;
}

/** The family of a metric id (`tickets.created` → `tickets`). */
export const familyOf = (id) => id.slice(0, id.indexOf("."));

/** The metric ids of `family` present in `metrics` (a report's metrics object), in catalogue order. */
export function familyMetrics(metrics, family) {
  const known = METRICS.filter((m) => m.id.startsWith(family + ".") && metrics[m.id] !== undefined).map((m) => m.id);
  const extra = Object.keys(metrics).filter((id) => id.startsWith(family + ".") && !BY_ID.has(id)).sort();
  return known.concat(extra);
}

/** The families that have at least one metric in `metrics`. */
export const presentFamilies = (metrics) => FAMILIES.filter((f) => familyMetrics(metrics, f).length > 0);

/** The number a metric stands for: its headline statistic (null when undefined). */
export function metricNumber(id, value, stat) {
  if (value == null) return null;
  const info = metricInfo(id);
  const s = stat || info?.stat || "value";
  const x = value[s];
  return typeof x === "number" ? x : null;
}

/** The sample size behind a metric value: a count for dists and NPS, the denominator for rates. */
export function sampleSize(value) {
  if (value == null) return null;
  if (typeof value.denominator === "number") return value.denominator;
  if (typeof value.count === "number") return value.count;
  return null;
}

/** Goal metrics: every catalogue id, dist ones with their statistic (`tickets.first_response_seconds.median`). */
export function goalMetricChoices(metricIds) {
  const out = [];
  for (const id of metricIds) {
    const info = metricInfo(id);
    if (!info) continue;
    if (info.kind === "dist") for (const s of ["mean", "median", "p90", "count"]) out.push(`${id}.${s}`);
    else out.push(id);
  }
  return out;
}

/** Split a goal metric into [metric id, statistic]: `x.y_seconds.median` → [`x.y_seconds`, `median`]. */
export function splitGoalMetric(goalMetric) {
  if (!goalMetric) return [null, null];
  if (metricInfo(goalMetric)) return [goalMetric, null];
  const cut = goalMetric.lastIndexOf(".");
  const id = goalMetric.slice(0, cut);
  return metricInfo(id) ? [id, goalMetric.slice(cut + 1)] : [goalMetric, null];
}

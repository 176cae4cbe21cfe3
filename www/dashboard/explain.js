// "How is this computed?": for a metric id, what fed it in this report. The
// formula is a dictionary key (how.formula.<id>, SPEC section 4 in plain words);
// the sources are the report's inputs of the metric's table with the columns
// it reads (canonical → header in the file), the adapter's notes on the
// vendor's definitions that concern it, and which variant SPEC's rules chose
// (timestamps or the vendor's duration column, surveys or ticket ratings,
// subscription or order form). Pure: no DOM, no translation.

/**
 * What each metric reads: per table kind, the canonical columns (as the
 * engine prefers them). `first`: use only the first kind that has an input
 * (a fallback table, SPEC: surveys before ticket ratings, customers before orders).
 */
const T = (...columns) => ({ tickets: columns });
const C = (...columns) => ({ calls: columns });
const O = (...columns) => ({ orders: columns });
const CUSTOMERS = { first: true, customers: ["started_at", "ended_at"], orders: ["customer_id", "ordered_at"] };
const FEEDS = {
  "tickets.created": T("created_at"),
  "tickets.solved": T("solved_at", "resolution_seconds"),
  "tickets.backlog": T("created_at", "solved_at", "status"),
  "tickets.first_response_seconds": T("created_at", "first_response_at", "first_response_seconds"),
  "tickets.unanswered": T("created_at", "first_response_at"),
  "tickets.resolution_seconds": T("created_at", "solved_at", "resolution_seconds"),
  "tickets.first_response_business_seconds": T("created_at", "first_response_at", "first_response_business_seconds"),
  "tickets.resolution_business_seconds": T("created_at", "solved_at", "resolution_business_seconds"),
  "tickets.first_response_sla_rate": T("created_at", "first_response_at", "first_response_seconds", "priority"),
  "tickets.resolution_sla_rate": T("created_at", "solved_at", "resolution_seconds", "priority"),
  "tickets.fcr_rate": T("created_at", "customer_id"),
  "tickets.one_touch_rate": T("solved_at", "replies"),
  "tickets.replies_per_solved": T("solved_at", "replies"),
  "tickets.reopen_rate": T("solved_at", "reopens"),
  "tickets.escalation_rate": T("created_at", "escalated"),
  "tickets.transfer_rate": T("created_at", "transfers"),
  "tickets.expert_transfer_rate": T("created_at", "transfers", "expert_transfer"),
  "tickets.unnecessary_transfer_rate": T("created_at", "transfers", "expert_transfer"),
  "tickets.complaints": T("created_at", "is_complaint", "tags", "category"),
  "tickets.complaint_rate": T("created_at", "is_complaint", "tags", "category"),
  "tickets.escalated_complaints": T("created_at", "is_complaint", "tags", "category", "escalated"),
  "tickets.handle_seconds": T("created_at", "handle_seconds"),
  "calls.offered": C("started_at", "direction", "abandoned", "answered_at", "wait_seconds"),
  "calls.answered": C("started_at", "direction", "abandoned", "answered_at"),
  "calls.abandonment_rate": C("started_at", "direction", "abandoned", "answered_at", "wait_seconds"),
  "calls.service_level": C("started_at", "answered_at", "wait_seconds"),
  "calls.speed_of_answer_seconds": C("started_at", "answered_at", "wait_seconds"),
  "calls.handle_seconds": C("started_at", "talk_seconds", "hold_seconds", "wrap_seconds"),
  "calls.talk_seconds": C("started_at", "talk_seconds"),
  "calls.hold_seconds": C("started_at", "hold_seconds"),
  "calls.wrap_seconds": C("started_at", "wrap_seconds"),
  "calls.transfer_rate": C("started_at", "transferred"),
  "calls.fcr_rate": C("started_at", "customer_id"),
  "contacts.handle_seconds": { tickets: ["created_at", "handle_seconds"], calls: ["started_at", "talk_seconds", "hold_seconds", "wrap_seconds"] },
  "surveys.csat_rate": { first: true, surveys: ["submitted_at", "kind", "score", "csat"], tickets: ["solved_at", "satisfaction"] },
  "surveys.csat_score": { surveys: ["submitted_at", "kind", "score", "csat"] },
  "surveys.nps": { surveys: ["submitted_at", "kind", "score", "nps"] },
  "surveys.ces_score": { surveys: ["submitted_at", "kind", "score", "ces"] },
  "surveys.ces_easy_rate": { surveys: ["submitted_at", "kind", "score", "ces"] },
  "customers.active_at_start": CUSTOMERS,
  "customers.new": CUSTOMERS,
  "customers.lost": CUSTOMERS,
  "customers.active_at_end": CUSTOMERS,
  "customers.churn_rate": CUSTOMERS,
  "customers.retention_rate": CUSTOMERS,
  "customers.revenue_churn_rate": { customers: ["started_at", "ended_at", "mrr"] },
  "orders.count": O("ordered_at"),
  "orders.revenue": O("ordered_at", "amount"),
  "orders.revenue_per_customer": O("ordered_at", "amount", "customer_id"),
  "orders.on_time_delivery_rate": O("ordered_at", "promised_at", "delivered_at"),
  "orders.delivery_seconds": O("ordered_at", "delivered_at"),
  "orders.return_rate": O("ordered_at", "returned"),
  "orders.cancellation_rate": O("ordered_at", "cancelled"),
  "orders.billing_accuracy_rate": O("ordered_at", "invoice_error"),
  "orders.entry_accuracy_rate": O("ordered_at", "entry_error"),
  "orders.claim_free_rate": O("ordered_at", "claim"),
  "orders.repeat_purchase_rate": O("ordered_at", "customer_id"),
  "qa.reviews": { qa_reviews: ["reviewed_at"] },
  "qa.score": { qa_reviews: ["reviewed_at", "agent"] },
};
const CRITERION = "qa.criterion_pass_rate.";

/**
 * Topics of the adapters' definition notes (the text before the first ": ",
 * see src/engine/adapters.rs), with the canonical columns or metric ids they
 * concern. A note whose topic is not listed is about the whole file and is
 * shown with every metric the file feeds.
 */
const NOTE_TOPICS = [
  ["first response", { columns: ["first_response_at", "first_response_seconds"] }],
  ["resolution", { columns: ["resolution_seconds"] }],
  ["business-hours durations", { columns: ["first_response_business_seconds", "resolution_business_seconds"] }],
  ["durations", { columns: ["first_response_seconds", "resolution_seconds", "first_response_business_seconds", "resolution_business_seconds", "handle_seconds"] }],
  ["one-touch", { metrics: ["tickets.one_touch_rate"] }],
  ["transfers", { columns: ["transfers"] }],
  ["transferred", { columns: ["transferred"] }],
  ["satisfaction", { columns: ["satisfaction"] }],
  ["channel", { columns: ["channel"] }],
  ["replies", { columns: ["replies"] }],
  ["solved", { columns: ["solved_at"] }],
  ["team", { columns: ["team"] }],
  ["queue", { columns: ["queue"] }],
  ["priority", { columns: ["priority"] }],
  ["handle time", { columns: ["handle_seconds"] }],
  ["ids", { columns: ["id"] }],
  ["ticket_id", { columns: ["ticket_id"] }],
  ["abandoned", { columns: ["abandoned"] }],
  ["direction", { columns: ["direction"] }],
  ["submitted", { columns: ["submitted_at"] }],
];

/** The topic entry of a definition note, or null when the note is about the whole file. */
export function noteTopic(note) {
  const cut = note.indexOf(": ");
  if (cut < 0) return null;
  const head = note.slice(0, cut).toLowerCase();
  const hit = NOTE_TOPICS.find(([topic]) => head === topic || head.startsWith(topic + " "));
  return hit ? hit[1] : null;
}

/** The canonical columns and tables metric `id` reads; null for an id the page does not know. */
export function metricFeeds(id) {
  if (id.startsWith(CRITERION)) return { qa_reviews: ["reviewed_at", id.slice(CRITERION.length)] };
  return FEEDS[id] || null;
}

/** The dictionary key of the plain-words formula of metric `id`. */
export const formulaKey = (id) => "how.formula." + (id.startsWith(CRITERION) ? "qa.criterion_pass_rate" : id);

/** The placeholders of that formula: a criterion's name. */
const formulaParams = (id) => (id.startsWith(CRITERION) ? { name: id.slice(CRITERION.length) } : {});

/** Which of SPEC's alternatives applied to `input` for metric `id`: {key, params} or null. */
function variant(id, input, config, hasSurveys) {
  const c = input.columns || {};
  const durationFrom = (from, to, vendor) => {
    if (c[to] && c[vendor]) return { key: "how.src.both", params: { from: c[from], to: c[to], column: c[vendor] } };
    if (c[to]) return { key: "how.src.timestamps", params: { from: c[from], to: c[to] } };
    if (c[vendor]) return { key: "how.src.vendor", params: { column: c[vendor] } };
    return null;
  };
  const business = (to, vendor) => {
    if (config?.business_hours) return c[to] ? { key: "how.src.businessConfig", params: { from: c.created_at, to: c[to] } } : null;
    return c[vendor] ? { key: "how.src.businessVendor", params: { column: c[vendor] } } : null;
  };
  switch (id) {
    case "tickets.first_response_seconds":
    case "tickets.first_response_sla_rate":
      return durationFrom("created_at", "first_response_at", "first_response_seconds");
    case "tickets.resolution_seconds":
    case "tickets.resolution_sla_rate":
      return durationFrom("created_at", "solved_at", "resolution_seconds");
    case "tickets.first_response_business_seconds":
      return business("first_response_at", "first_response_business_seconds");
    case "tickets.resolution_business_seconds":
      return business("solved_at", "resolution_business_seconds");
    case "surveys.csat_rate":
      return input.kind === "tickets" && !hasSurveys ? { key: "how.src.ticketRatings", params: {} } : null;
    default:
      if (id.startsWith("customers.")) return { key: input.kind === "orders" ? "how.src.orderForm" : "how.src.subscription", params: {} };
      return null;
  }
}

/**
 * What fed metric `id` in `report` under `config`:
 * `{formula, formulaParams, sources: [{file, kind, format, columns: [[canonical, header]], variant, notes}]}`.
 * A source is an input (a loaded file, or a member of an archive) of a table
 * the metric reads; `columns` are the ones it read that the file has;
 * `notes` the adapter's definition notes that concern the metric.
 */
export function explainMetric(id, report, config) {
  const feeds = metricFeeds(id);
  const out = { formula: formulaKey(id), formulaParams: formulaParams(id), sources: [] };
  if (!feeds) return out;
  const inputs = report?.inputs || [];
  let kinds = Object.keys(feeds).filter((k) => k !== "first");
  if (feeds.first) kinds = kinds.filter((k) => inputs.some((i) => i.kind === k)).slice(0, 1);
  const hasSurveys = inputs.some((i) => i.kind === "surveys");
  for (const input of inputs) {
    if (!kinds.includes(input.kind)) continue;
    const wanted = feeds[input.kind];
    const mapped = input.columns || {};
    const columns = wanted.filter((col) => mapped[col] !== undefined).map((col) => [col, mapped[col]]);
    const notes = (input.definitions || []).filter((note) => {
      const topic = noteTopic(note);
      if (!topic) return true;
      return (topic.metrics || []).includes(id) || (topic.columns || []).some((col) => wanted.includes(col));
    });
    out.sources.push({ file: input.file, kind: input.kind, format: input.format, columns, variant: variant(id, input, config, hasSurveys), notes });
  }
  return out;
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { explainMetric, formulaKey, metricFeeds, noteTopic } from "../../www/dashboard/explain.js";
import { METRICS } from "../../www/dashboard/schema.js";
import { DICTIONARIES } from "../../www/dashboard/i18n.js";

const zendesk = {
  file: "zendesk.csv", kind: "tickets", format: "zendesk",
  columns: { id: "Id", created_at: "Created at", solved_at: "Solved at", replies: "Replies", first_response_seconds: "First reply time in minutes", first_response_business_seconds: "First reply time in minutes within business hours" },
  definitions: [
    "first response: Zendesk's \"First reply time in minutes\" (first public agent comment), in seconds",
    "one-touch: solved with 0 or 1 agent replies (Zendesk's definition)",
    "channel from Via: Mail → email",
    "Zendesk exports are in the account's time zone",
  ],
};
const freshdesk = {
  file: "fd.csv", kind: "tickets", format: "freshdesk",
  columns: { id: "Ticket ID", created_at: "Created time", first_response_at: "Initial response time", first_response_seconds: "FRT", solved_at: "Resolved time" },
};

test("every catalogue metric has what it reads and a formula in English", () => {
  for (const { id } of METRICS) {
    assert.ok(metricFeeds(id), `${id}: no feeds`);
    assert.ok(formulaKey(id) in DICTIONARIES.en, `${id}: no formula`);
  }
  assert.equal(formulaKey("qa.criterion_pass_rate.Greeting"), "how.formula.qa.criterion_pass_rate");
  assert.deepEqual(explainMetric("qa.criterion_pass_rate.Greeting", { inputs: [] }, {}).formulaParams, { name: "Greeting" });
  assert.deepEqual(explainMetric("qa.score", { inputs: [] }, {}).formulaParams, {});
  assert.deepEqual(metricFeeds("qa.criterion_pass_rate.Greeting").qa_reviews, ["reviewed_at", "Greeting"]);
  assert.equal(metricFeeds("no.such"), null);
});

test("definition notes are matched to metrics by their topic", () => {
  assert.deepEqual(noteTopic("one-touch: solved with 0 or 1"), { metrics: ["tickets.one_touch_rate"] });
  assert.ok(noteTopic("channel from Via: Mail → email").columns.includes("channel"));
  assert.equal(noteTopic("Twilio Flex Insights: one row per segment"), null, "an unknown topic is about the whole file");
  assert.equal(noteTopic("no colon here"), null);
});

test("Zendesk: first response from the vendor's minutes column, one-touch with Zendesk's note", () => {
  const report = { inputs: [zendesk] };
  const frt = explainMetric("tickets.first_response_seconds", report, {});
  assert.equal(frt.formula, "how.formula.tickets.first_response_seconds");
  assert.equal(frt.sources.length, 1);
  const [src] = frt.sources;
  assert.equal(src.format, "zendesk");
  assert.deepEqual(src.columns, [["created_at", "Created at"], ["first_response_seconds", "First reply time in minutes"]]);
  assert.deepEqual(src.variant, { key: "how.src.vendor", params: { column: "First reply time in minutes" } });
  assert.deepEqual(src.notes, [zendesk.definitions[0], zendesk.definitions[3]], "its own note and the general one");

  const one = explainMetric("tickets.one_touch_rate", report, {}).sources[0];
  assert.deepEqual(one.columns, [["solved_at", "Solved at"], ["replies", "Replies"]]);
  assert.deepEqual(one.notes, [zendesk.definitions[1], zendesk.definitions[3]]);
  assert.equal(one.variant, null);

  // Business hours: the vendor's column unless the settings set business hours.
  assert.equal(explainMetric("tickets.first_response_business_seconds", report, {}).sources[0].variant.key, "how.src.businessVendor");
  assert.equal(explainMetric("tickets.first_response_business_seconds", report, { business_hours: { start: "08:00" } }).sources[0].variant, null, "no timestamp to compute from");
});

test("timestamps first; the vendor's duration where they are empty", () => {
  const src = explainMetric("tickets.first_response_seconds", { inputs: [freshdesk] }, {}).sources[0];
  assert.deepEqual(src.variant, { key: "how.src.both", params: { from: "Created time", to: "Initial response time", column: "FRT" } });
  const plain = { ...freshdesk, columns: { id: "id", created_at: "created_at", first_response_at: "first_response_at" } };
  assert.deepEqual(explainMetric("tickets.first_response_seconds", { inputs: [plain] }, {}).sources[0].variant,
    { key: "how.src.timestamps", params: { from: "created_at", to: "first_response_at" } });
  assert.deepEqual(explainMetric("tickets.first_response_business_seconds", { inputs: [plain] }, { business_hours: {} }).sources[0].variant,
    { key: "how.src.businessConfig", params: { from: "created_at", to: "first_response_at" } });
});

test("fallback tables: surveys before ticket ratings, customers before orders", () => {
  const surveys = { file: "s.csv", kind: "surveys", format: "surveymonkey", columns: { submitted_at: "End Date", csat: "Overall, how satisfied…" } };
  const orders = { file: "o.csv", kind: "orders", format: "canonical", columns: { ordered_at: "ordered_at", customer_id: "customer_id" } };
  const csatOnlyTickets = explainMetric("surveys.csat_rate", { inputs: [zendesk, orders] }, {});
  assert.deepEqual(csatOnlyTickets.sources.map((s) => [s.file, s.variant?.key]), [["zendesk.csv", "how.src.ticketRatings"]]);
  const csat = explainMetric("surveys.csat_rate", { inputs: [zendesk, surveys] }, {});
  assert.deepEqual(csat.sources.map((s) => s.file), ["s.csv"]);
  assert.deepEqual(csat.sources[0].columns, [["submitted_at", "End Date"], ["csat", "Overall, how satisfied…"]]);
  assert.deepEqual(explainMetric("customers.churn_rate", { inputs: [zendesk, orders] }, {}).sources.map((s) => [s.file, s.variant.key]), [["o.csv", "how.src.orderForm"]]);
  assert.deepEqual(explainMetric("orders.count", { inputs: [zendesk] }, {}).sources, [], "no orders file: nothing fed it");
});

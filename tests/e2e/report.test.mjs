// End-to-end tests of what the dashboard explains and prints: vendor exports
// dropped as they come (numbers equal the CLI's, the adapter is named), "How
// is this computed?" per metric, the chart of a filtered goal against its
// target, and the print view (PDF and screenshot in test-output/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  start, openPage, hashFor, settled, reportsShown, cliReport, shownNumbers, expectedNumbers,
  compareNumbers, sampleFiles, outDir, repoRoot,
} from "./helpers.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const sample = sampleFiles();
const sampleConfig = JSON.parse(readFileSync(sample.config, "utf8"));
const vendorFile = (name) => join(repoRoot, "tests", "data", "vendors", name);

async function drop(page, files) {
  const n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", files);
  await settled(page, n);
  await page.waitForFunction((k) => document.querySelectorAll('.cx-file[data-status="done"]').length === k, files.length);
}

test("Zendesk and SurveyMonkey exports give the CLI's numbers, name their adapter and explain their metrics", async () => {
  const files = [vendorFile("zendesk.csv"), vendorFile("surveymonkey.csv")];
  const config = { time_zone: "UTC", group_by: ["agent", "channel"] };
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", config) });
  await drop(page, files);
  const report = cliReport(config, files);
  assert.deepEqual(report.inputs.map((i) => i.format), ["zendesk", "surveymonkey"]);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report, "en-GB"), "vendors");
  for (const [file, format] of [["zendesk.csv", "zendesk"], ["surveymonkey.csv", "surveymonkey"]]) {
    assert.equal(await page.textContent(`.cx-file[data-file="${file}"] [data-format]`), format, `${file}: the adapter is shown`);
  }
  for (const id of ["tickets.created", "surveys.nps", "surveys.csat_rate"]) assert.ok(report.metrics[id], `the CLI has ${id}`);

  // First response: Zendesk exports minutes, not a reply timestamp.
  const frt = page.locator('.cx-tile [data-how="tickets.first_response_seconds"]');
  const summary = frt.locator("summary");
  assert.equal(await frt.getAttribute("open"), null);
  await summary.focus();
  await page.keyboard.press("Enter"); // a disclosure, opened from the keyboard
  assert.equal(await frt.getAttribute("open"), "");
  const body = await frt.locator(".cx-how-body").innerText();
  assert.match(body, /first public agent reply/, "the formula in plain words");
  assert.match(body, /zendesk\.csv \(Tickets, format: zendesk\)/, "the input and its adapter");
  assert.match(body, /vendor's duration column “First reply time in minutes”/, "which definition was used");
  assert.match(body, /first_response_seconds ← “First reply time in minutes”/, "the column that fed it");
  assert.match(body, /First reply time in minutes" \(first public agent comment\)/, "the adapter's note on Zendesk's definition");

  // One-touch lives in the card's table: Zendesk's definition is named.
  const oneTouch = page.locator('.cx-card[data-family="tickets"] tr [data-how="tickets.one_touch_rate"]');
  await oneTouch.locator("summary").click();
  const ot = await oneTouch.locator(".cx-how-body").innerText();
  assert.match(ot, /at most one agent reply/);
  assert.match(ot, /one-touch: solved with 0 or 1 agent replies \(Zendesk's definition\)/);
  assert.match(ot, /replies ← “Replies”/);
  assert.doesNotMatch(ot, /First reply time/, "notes of other metrics are not shown");

  // Surveys: the CSAT tile names SurveyMonkey's question column.
  const csat = page.locator('.cx-tile [data-how="surveys.csat_rate"]');
  await csat.locator("summary").click();
  const cs = await csat.locator(".cx-how-body").innerText();
  assert.match(cs, /surveymonkey\.csv \(Surveys, format: surveymonkey\)/);
  assert.match(cs, /Overall, how satisfied or dissatisfied are you with our support\?/);
  assert.doesNotMatch(cs, /zendesk\.csv/, "ticket ratings are not used when a survey file is loaded");

  // The same explanation in Swedish (formula and labels translated; notes stay English).
  await page.selectOption("#cx-lang", "sv");
  await page.waitForFunction(() => document.querySelector(".cx-app")?.getAttribute("lang") === "sv");
  const sv = page.locator('.cx-tile [data-how="tickets.first_response_seconds"]');
  assert.match(await sv.locator("summary").innerText(), /^Hur räknas detta\?/);
  await sv.locator("summary").click();
  const svBody = await sv.locator(".cx-how-body").innerText();
  assert.match(svBody, /leverantörens varaktighetskolumn ”First reply time in minutes”/);
  assert.match(svBody, /första offentliga svar/);
  await page.screenshot({ path: join(outDir, "how-computed-sv.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a goal with a filter is charted against its target from the engine's per-bucket series", async () => {
  const goal = {
    id: "billing-complaints", name: "Billing: fewer complaints", metric: "tickets.complaints", filter: { team: "Billing" },
    target: { relative: -0.15 }, baseline: { start: "2026-01-01", end: "2026-04-01" }, start: "2026-04-01", deadline: "2026-07-01",
  };
  const config = { ...sampleConfig, goals: [goal] };
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", config) });
  await drop(page, sample.files);
  const report = cliReport(config, sample.files);
  const series = report.goals[0].series;
  assert.equal(series.length, report.trend.buckets.length);
  const all = report.trend.buckets.map((b) => b.metrics["tickets.complaints"].value);
  assert.notDeepEqual(series, all, "the filter matters in this data");

  const item = page.locator('[data-goal="billing-complaints"]');
  const button = item.getByRole("button", { name: "Chart against target" });
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  await button.click();
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  const fig = item.locator("figure.cx-chart");
  await fig.locator("canvas").first().waitFor();
  const rows = await fig.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
  const fmt = await page.evaluate(async ({ values, target, baseline }) => {
    const { formatInt, formatUnit } = await import("/render/format.js");
    return { values: values.map((v) => (v == null ? "–" : formatInt(v, "en-GB"))), target: formatUnit(target, "n", "en-GB"), baseline: formatUnit(baseline, "n", "en-GB") };
  }, { values: series, target: report.goals[0].target, baseline: report.goals[0].baseline });
  assert.deepEqual(rows.map((r) => r[0]), fmt.values, "the goal's own series, bucket by bucket");
  assert.deepEqual([...new Set(rows.map((r) => r[1]))], [fmt.target], "the target line");
  assert.deepEqual([...new Set(rows.map((r) => r[2]))], [fmt.baseline], "the baseline line");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the print view: no controls, the report's period, zone and files on top, everything within the page", async () => {
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", sampleConfig), colorScheme: "dark" });
  await drop(page, sample.files);
  assert.ok(await page.getByRole("button", { name: "Print", exact: true }).isVisible(), "a Print button");
  await page.locator(".cx-card .cx-chart canvas").first().waitFor();
  // A4 at 96 dpi less 12 mm margins: 703 px of width.
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.emulateMedia({ media: "print", colorScheme: "dark" });
  await page.waitForTimeout(300);
  const state = await page.evaluate(() => {
    const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const visible = (sel) => [...document.querySelectorAll(sel)].filter(shown).length;
    const width = document.documentElement.clientWidth;
    const tooWide = [...document.querySelectorAll(".cx-card, .cx-chart canvas, .cx-table, .cx-goal, .cx-breakdowns")]
      .filter((el) => shown(el) && el.getBoundingClientRect().right > width + 1)
      .map((el) => `${el.className || el.tagName} ${Math.round(el.getBoundingClientRect().right)}`);
    return {
      controls: visible("button:not(th button), select, input, .cx-how, .cx-side, .cx-settings"),
      cards: visible(".cx-card"),
      charts: visible(".cx-card .cx-chart canvas"),
      goals: visible(".cx-goal"),
      head: document.querySelector(".cx-report-head")?.innerText,
      files: shown(document.querySelector("[data-print-files]")) ? document.querySelector("[data-print-files]").textContent : null,
      background: getComputedStyle(document.querySelector(".cx-card")).backgroundColor,
      text: getComputedStyle(document.querySelector(".cx-card")).color,
      tooWide,
      breakInside: getComputedStyle(document.querySelector(".cx-card")).breakInside,
    };
  });
  assert.equal(state.controls, 0, "no buttons, fields, explanations or file panel");
  assert.equal(state.cards, 7, "every family's card");
  assert.ok(state.charts >= 7, "the trend charts");
  assert.ok(state.goals >= sampleConfig.goals.length, "the goals");
  assert.match(state.head, /Europe\/Stockholm/, "the time zone");
  assert.match(state.head, /2026/, "the period");
  for (const f of sample.files) assert.ok(state.files.includes(f.split("/").pop()), `the files: ${f}`);
  assert.equal(state.background, "rgb(255, 255, 255)", "light colours even in dark mode");
  assert.equal(state.text, "rgb(0, 0, 0)");
  assert.equal(state.breakInside, "avoid", "cards are not split across pages");
  assert.deepEqual(state.tooWide, [], "nothing wider than the page");

  const pdf = await page.pdf({ format: "A4", margin: { top: "12mm", bottom: "12mm", left: "12mm", right: "12mm" }, printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 2, `a multi-page report (${pages} pages)`);
  writeFileSync(join(outDir, "dashboard-print.pdf"), pdf);
  await page.screenshot({ path: join(outDir, "dashboard-print.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

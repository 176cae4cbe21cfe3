// End-to-end tests of the page in Debian's Chromium (playwright-core), against
// www/ served on 127.0.0.1: the numbers on screen equal the CLI's report for the
// same files and config. Needs the wasm build (scripts/build-wasm.sh) and the
// CLI (built here with cargo if target/release/cxkpi is missing).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  start, openPage, hashFor, settled, reportsShown, pageConfig, cliReport, shownNumbers, expectedNumbers,
  compareNumbers, sampleFiles, dataFile, outDir, cspViolations, repoRoot,
} from "./helpers.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const sample = sampleFiles();
const sampleConfig = JSON.parse(readFileSync(sample.config, "utf8"));

async function loadSample(page) {
  const before = await reportsShown(page);
  const t0 = Date.now();
  await page.setInputFiles("input[type=file][multiple]", sample.files);
  await settled(page, before);
  await page.waitForFunction((n) => document.querySelectorAll('.cx-file[data-status="done"]').length === n, sample.files.length);
  return Date.now() - t0;
}

test("the sample exports give the CLI's numbers; so do a new period and group-by", async () => {
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", sampleConfig) });
  const ms = await loadSample(page);
  writeFileSync(join(outDir, "sample-timing.txt"), `sample data (${sample.files.length} files): drop to dashboard ${ms} ms\n`);

  const config = await pageConfig(page);
  assert.deepEqual(config, sampleConfig);
  const report = cliReport(config, sample.files);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report, "en-GB"), "sample");
  const issues = Object.values(report.issues.counts).reduce((a, b) => a + b, 0);
  assert.equal(await page.getAttribute("[data-issues]", "data-issues"), String(issues));
  for (const goal of report.goals) {
    assert.equal(await page.getAttribute(`[data-goal="${goal.id}"]`, "data-status"), goal.status, `goal ${goal.id}`);
  }

  // Change the period and the group-by in the settings form.
  await page.click(".cx-settings > summary");
  const n = await reportsShown(page);
  await page.fill("input[name=from]", "2026-02-01");
  await page.fill("input[name=to]", "2026-04-30");
  await page.uncheck("input[name=group_by][value=team]");
  await page.check("input[name=group_by][value=priority]");
  await page.waitForSelector('[data-group-column="priority"]');
  await page.waitForFunction(() => document.querySelector("[data-period]")?.dataset.period.startsWith("2026-02-01"));
  await settled(page, n);
  const changed = await pageConfig(page);
  assert.deepEqual(changed.period, { start: "2026-02-01", end: "2026-05-01" });
  assert.deepEqual(changed.group_by, ["agent", "channel", "priority"]);
  const report2 = cliReport(changed, sample.files);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report2, "en-GB"), "Feb–Apr by priority");

  // Breakdown tables show one family at a time: switch the first one to calls and check it too.
  const select = page.locator('[data-group-column="agent"] select').first();
  if (await select.count()) {
    await select.selectOption("calls");
    compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report2, "en-GB"), "calls by agent");
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("every KPI family shows, in two languages; screenshots", async () => {
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", sampleConfig) });
  await loadSample(page);
  await page.screenshot({ path: join(outDir, "dashboard-en.png"), fullPage: true });
  const enPct = await page.textContent('[data-metric="tickets.first_response_sla_rate"][data-scope="period"]');

  await page.selectOption("#cx-lang", "sv");
  await page.waitForFunction(() => document.querySelector(".cx-app")?.getAttribute("lang") === "sv");
  assert.equal(await page.textContent(".cx-report-head h2"), "Översikt");
  assert.equal(await page.textContent('.cx-card[data-family="tickets"] h3'), "Ärenden");
  const svPct = await page.textContent('[data-metric="tickets.first_response_sla_rate"][data-scope="period"]');
  assert.equal(svPct, enPct.replace(".", ",").replace("%", "\u00a0%"), "numbers follow the locale");
  assert.match(await page.evaluate(() => location.hash), /lang=sv/);
  await page.screenshot({ path: join(outDir, "dashboard-sv.png"), fullPage: true });

  // The choice sticks: a reload (same hash and storage) keeps Swedish.
  await page.reload();
  await page.waitForSelector("html[data-cx-ready]");
  assert.equal(await page.locator("#cx-lang").inputValue(), "sv");
  await loadSample(page);
  assert.deepEqual(errors, []);
  // Checked last, so the screenshots exist even when a family is missing.
  for (const family of ["tickets", "calls", "contacts", "surveys", "customers", "orders", "qa"]) {
    assert.equal(await page.locator(`.cx-card[data-family="${family}"]`).count(), 1, `card ${family}`);
  }
  assert.ok(await page.locator("figure.cx-chart canvas").count() > 0, "trend charts are drawn");
  assert.ok(await page.locator("[data-section=cohorts] td").count() > 0, "cohort heat map");
  assert.ok(await page.locator("[data-section=qa] table").count() >= 1, "QA tables");
  assert.ok(await page.locator("[data-section=time-with-customers] tbody tr").count() > 0, "time with customers");
  assert.ok(await page.locator(".cx-goal").count() >= sampleConfig.goals.length, "goal tree");
  await ctx.close();
});

test("the language follows the browser's", async () => {
  const { page, ctx } = await openPage(env, { locale: "bg-BG" });
  assert.equal(await page.locator("#cx-lang").inputValue(), "bg");
  assert.equal(await page.textContent(".cx-empty h2"), "Все още няма данни");
  assert.equal(await page.textContent(".cx-skip"), "Към таблото", "the skip link speaks the language too");
  await page.locator("#cx-lang").selectOption("sv");
  await page.waitForFunction(() => document.querySelector(".cx-skip").textContent === "Hoppa till översikten");
  await ctx.close();
});

test("a file with unknown headers is mapped by hand, and the mapping is remembered", async () => {
  const file = dataFile("tickets_unmapped.csv");
  const { page, ctx } = await openPage(env, { hash: await hashFor("en", { time_zone: "UTC", group_by: ["channel"] }) });
  let n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", file);
  await settled(page, n);
  const row = page.locator('.cx-file[data-file="tickets_unmapped.csv"]');
  assert.equal(await row.getAttribute("data-status"), "failed");
  assert.match(await row.locator("[role=alert]").textContent(), /Opened when/, "the error lists the headers found");

  await row.locator("select").first().selectOption("tickets");
  await row.locator('select[data-column="id"]').selectOption("Ref");
  await row.locator('select[data-column="created_at"]').selectOption("Opened when");
  await row.locator('select[data-column="channel"]').selectOption("Via");
  await row.locator('select[data-column="agent"]').selectOption("Owner");
  n = await reportsShown(page);
  await row.getByRole("button", { name: "Apply and read again" }).click();
  await settled(page, n);
  const done = page.locator('.cx-file[data-file="tickets_unmapped.csv"]');
  assert.equal(await done.getAttribute("data-status"), "done");
  assert.equal(await done.locator("[data-kind]").getAttribute("data-kind"), "tickets");
  assert.equal(await done.locator("[data-rows]").getAttribute("data-rows"), "5");
  assert.equal(await page.textContent('[data-metric="tickets.created"][data-scope="table"]'), "5");

  // Same headers again (a new page in the same browser profile): read with the remembered mapping.
  const again = await ctx.newPage();
  await again.goto(env.server.url);
  await again.waitForSelector("html[data-cx-ready]");
  n = await reportsShown(again);
  await again.setInputFiles("input[type=file][multiple]", file);
  await settled(again, n);
  assert.equal(await again.locator('.cx-file[data-file="tickets_unmapped.csv"]').getAttribute("data-status"), "done");
  await ctx.close();
});

test("a dropped ZIP of CSVs and an .xlsx workbook list their members and give the CLI's numbers", async () => {
  const files = ["export.zip", "book.xlsx"].map((f) => join(repoRoot, "tests", "data", "archives", f));
  const config = { time_zone: "UTC", period: { start: "2024-03-01", end: "2026-04-01" }, group_by: ["agent"] };
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", config) });
  const n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", files);
  await settled(page, n);
  const inner = (name) => page.locator(`.cx-file[data-file="${name}"] [data-input]`)
    .evaluateAll((els) => els.map((e) => [e.dataset.input, e.dataset.kind ?? e.dataset.status]));
  assert.equal(await page.getAttribute('.cx-file[data-file="export.zip"]', "data-status"), "done");
  assert.deepEqual(await inner("export.zip"), [["export.zip/tickets_basic.csv", "tickets"], ["export.zip/calls_basic.csv", "calls"]]);
  assert.deepEqual(await inner("book.xlsx"), [["book.xlsx#Tickets", "tickets"], ["book.xlsx#Notes", "failed"]]);
  assert.match(await page.textContent('[data-input="book.xlsx#Notes"]'), /cannot tell which table this is/);
  const report = cliReport(config, files);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report, "en-GB"), "archives");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the ZIP/.xlsx reader (a second wasm module) is fetched only when such a file is dropped", async () => {
  const { page, ctx, requests, errors } = await openPage(env);
  const archiveFetches = () => requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith("/pkg/cxkpi_archive"));
  assert.ok(requests.some((r) => r.url.endsWith("/pkg/cxkpi_bg.wasm")), "the engine's wasm fetch was not seen");
  let n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", sample.files);
  await settled(page, n);
  assert.deepEqual(archiveFetches(), [], "CSV files alone fetched the archive module");
  n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", join(repoRoot, "tests", "data", "archives", "book.xlsx"));
  await settled(page, n);
  await page.waitForSelector('[data-input="book.xlsx#Tickets"]');
  assert.deepEqual(archiveFetches().sort(), ["/pkg/cxkpi_archive.js", "/pkg/cxkpi_archive_bg.wasm"]);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a broken file lists its problems with file, line, column and value; data is shown as text", async () => {
  const broken = dataFile("tickets_broken.csv");
  const config = { time_zone: "UTC", group_by: ["agent"] };
  const { page, ctx } = await openPage(env, { hash: await hashFor("en", config) });
  const n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", [broken, dataFile("not_a_table.csv")]);
  await settled(page, n);

  const whole = page.locator('.cx-file[data-file="not_a_table.csv"]');
  assert.equal(await whole.getAttribute("data-status"), "failed");
  assert.match(await whole.locator("[role=alert]").textContent(), /foo/, "names the headers found");

  const rows = page.locator(".cx-issues tbody tr");
  assert.ok(await rows.count() > 0, "issues are listed");
  const first = await rows.first().locator("th, td").allTextContents();
  assert.equal(first[0], "tickets_broken.csv");
  assert.match(first[1], /^\d+$/);
  const report = cliReport(config, [broken]);
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 4).map((c) => c.textContent)));
  const want = report.issues.examples.map((e) => [e.file, String(e.line), e.column, e.value]);
  assert.deepEqual(shown.map((r) => r.join("|")).sort(), want.map((r) => r.join("|")).sort());
  // Hostile strings from the file are text, never markup.
  assert.equal(await page.locator(".cx-app img").count(), 0);
  assert.ok(await page.getByText("<img src=x onerror=alert(1)>").count() > 0);
  await page.screenshot({ path: join(outDir, "issues.png"), fullPage: true });
  await ctx.close();
});

test("no request leaves the page's origin, and none at all once it has loaded", async () => {
  const { page, ctx, requests, errors } = await openPage(env, { hash: await hashFor("en", sampleConfig) });
  const origin = new URL(env.server.url).origin;
  const loadedAt = Date.now();
  await loadSample(page);
  await page.click(".cx-settings > summary");
  await page.selectOption("select[name=granularity]", "week");
  await page.waitForTimeout(1000);
  await page.selectOption("#cx-lang", "tr");
  await page.waitForTimeout(300);
  for (const r of requests) assert.equal(new URL(r.url).origin, origin, `request to ${r.url}`);
  const late = requests.filter((r) => r.time > loadedAt).map((r) => r.url);
  assert.deepEqual(late, [], "requests after load");
  // The policy is there, and no script is inline.
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  const tokens = csp.split(/[;\s]+/).filter(Boolean);
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "*"]) assert.ok(!tokens.includes(bad), `CSP allows ${bad}`);
  assert.ok(!tokens.some((t) => t.includes("://") || t === "http:" || t === "https:"), "CSP names no other origin");
  assert.equal(await page.locator("script:not([src])").count(), 0);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("changing the time zone reads every file again", async () => {
  const { page, ctx, errors } = await openPage(env, { hash: await hashFor("en", sampleConfig) });
  await loadSample(page);
  await page.click(".cx-settings > summary");
  const n = await reportsShown(page);
  await page.fill("input[name=time_zone]", "America/New_York");
  await page.press("input[name=time_zone]", "Tab"); // the zone applies when the field is committed
  await page.waitForFunction(() => document.querySelector("[data-period]")?.textContent.includes("America/New_York"), null, { timeout: 60_000 });
  await settled(page, n);
  assert.equal(await page.locator('.cx-file[data-status="done"]').count(), sample.files.length);
  const report = cliReport(await pageConfig(page), sample.files);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report, "en-GB"), "New York");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the sample button loads every sample export and its settings", async () => {
  const { page, ctx } = await openPage(env);
  const n = await reportsShown(page);
  await page.getByRole("button", { name: "Try the sample data" }).click();
  await settled(page, n);
  await page.waitForFunction((k) => document.querySelectorAll('.cx-file[data-status="done"]').length === k, sample.files.length);
  // One report follows the files (one burst); the config's own report may have come first.
  await page.waitForFunction(() => document.querySelectorAll(".cx-card").length >= 6);
  const config = await pageConfig(page);
  assert.equal(config.time_zone, sampleConfig.time_zone);
  assert.deepEqual(config.goals.map((g) => g.id), sampleConfig.goals.map((g) => g.id));
  assert.ok(await page.locator(".cx-card").count() >= 6);
  await ctx.close();
});

test("goals are created in the page and exported as JSON", async () => {
  const { page, ctx } = await openPage(env, { hash: await hashFor("en", { ...sampleConfig, goals: [] }) });
  await loadSample(page);
  await page.getByRole("button", { name: "Add goal" }).click();
  const form = page.locator(".cx-goal-form");
  await form.locator("input[name=id]").fill("aht");
  await form.locator("input[name=name]").fill("Faster first replies");
  await form.locator("select[name=metric]").selectOption("tickets.first_response_seconds.median");
  await form.locator("input[name=target_value]").fill("3600");
  await form.locator("input[name=baseline_start]").fill("2026-01-01");
  await form.locator("input[name=baseline_end]").fill("2026-04-01");
  await form.locator("input[name=start]").fill("2026-04-01");
  await form.locator("input[name=deadline]").fill("2026-07-01");
  const n = await reportsShown(page);
  await form.getByRole("button", { name: "Save goal" }).click();
  await settled(page, n);
  const goal = page.locator('[data-goal="aht"]');
  assert.ok(["achieved", "on_track", "behind", "no_data"].includes(await goal.getAttribute("data-status")));
  await goal.getByRole("button", { name: "Chart against target" }).click();
  assert.equal(await goal.locator("figure.cx-chart").count(), 1, "the metric-vs-target chart");
  await goal.locator("figure.cx-chart canvas").waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export goals" }).click()]);
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.deepEqual(exported.goals, [{ id: "aht", name: "Faster first replies", metric: "tickets.first_response_seconds.median", target: { absolute: 3600 }, baseline: { start: "2026-01-01", end: "2026-04-01" }, start: "2026-04-01", deadline: "2026-07-01" }]);
  const report = cliReport(await pageConfig(page), sample.files);
  assert.equal(await goal.getAttribute("data-status"), report.goals[0].status);
  await ctx.close();
});

test("CSV export neutralises formulas", async () => {
  const { page, ctx } = await openPage(env, { hash: await hashFor("en", { time_zone: "UTC", group_by: ["agent"] }) });
  const n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", dataFile("tickets_broken.csv"));
  await settled(page, n);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "All metrics (CSV)" }).click()]);
  const csv = readFileSync(await download.path(), "utf8");
  assert.ok(csv.startsWith("\ufeffscope,"));
  assert.match(csv, /'=HYPERLINK/);
  assert.doesNotMatch(csv, /(^|,)=HYPERLINK/m);
  await ctx.close();
});


test("the same dashboard mounts as <cxkpi-dashboard> in Shadow DOM", async () => {
  const { page, ctx, errors } = await openPage(env);
  const out = await page.evaluate(async () => {
    await import("/dashboard/element.js");
    const el = document.createElement("cxkpi-dashboard");
    el.setAttribute("lang", "nb");
    el.setAttribute("config", JSON.stringify({ time_zone: "Europe/Oslo", group_by: ["agent"] }));
    document.body.append(el);
    await el.app.engine.ready;
    const got = new Promise((resolve) => el.addEventListener("report", (e) => { if (e.detail.inputs.length) resolve(e.detail); }));
    el.app.addFiles([new File(["id,created_at,agent\n1,2026-03-01 10:00,Anna\n2,2026-03-02 11:00,Bo\n"], "t.csv")]);
    const report = await got;
    await new Promise((r) => setTimeout(r, 300));
    const shadow = el.shadowRoot;
    return {
      title: shadow.querySelector(".cx-report-head h2")?.textContent,
      tickets: !!shadow.querySelector('.cx-card[data-family="tickets"]'),
      inputs: report.inputs.map((i) => i.kind),
      leaked: document.querySelectorAll(".cx-card").length,
    };
  });
  assert.equal(out.title, "Oversikt");
  assert.ok(out.tickets);
  assert.deepEqual(out.inputs, ["tickets"]);
  assert.equal(out.leaked, 0, "nothing rendered outside the shadow root");
  assert.deepEqual(errors, []);
  await ctx.close();
});

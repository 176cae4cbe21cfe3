import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { DICTIONARIES, translator, metricLabel, LOCALES } from "../../www/dashboard/i18n.js";
import { LANGUAGES } from "../../www/dashboard/state.js";
import { METRICS, KINDS, FAMILIES, GROUP_COLUMNS } from "../../www/dashboard/schema.js";

const en = DICTIONARIES.en;
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("every language has every key, with the same placeholders", () => {
  for (const lang of LANGUAGES) {
    const dict = DICTIONARIES[lang];
    assert.ok(dict, `no dictionary for ${lang}`);
    assert.ok(LOCALES[lang], `no locale for ${lang}`);
    for (const key of Object.keys(en)) {
      assert.equal(typeof dict[key], "string", `${lang} lacks ${key}`);
      assert.ok(dict[key].trim(), `${lang}: ${key} is empty`);
      assert.deepEqual(placeholders(dict[key]), placeholders(en[key]), `${lang}: ${key} placeholders`);
    }
    for (const key of Object.keys(dict)) assert.ok(key in en, `${lang} has ${key}, unknown in English`);
  }
});

test("the other languages are translated, not copies of English", () => {
  for (const lang of LANGUAGES.filter((l) => l !== "en")) {
    const dict = DICTIONARIES[lang];
    const same = Object.keys(en).filter((k) => dict[k] === en[k]);
    // Ids, units and names may match (e.g. "cxkpi", "NPS", "n"), but not more than a few.
    assert.ok(same.length < 25, `${lang}: ${same.length} strings equal English: ${same.slice(0, 30).join(", ")}`);
  }
});

test("every metric, kind, family, group column and issue kind has a label", () => {
  const issueKinds = ["bad_timestamp", "ambiguous_date", "nonexistent_local_time", "bad_duration", "negative_duration", "bad_number", "bad_boolean", "out_of_range", "duplicate_id", "ragged_row", "unknown_ticket", "missing_required"];
  const keys = [
    ...METRICS.map((m) => "metric." + m.id), ...KINDS.map((k) => "kind." + k), ...FAMILIES.map((f) => "family." + f),
    ...GROUP_COLUMNS.map((g) => "group." + g), ...issueKinds.map((k) => "issue." + k),
    ...["achieved", "on_track", "behind", "no_data"].map((s) => "status." + s),
    ...["mean", "median", "p90", "count"].map((s) => "stat." + s),
    ...["count", "sum", "mean", "median", "p90"].map((s) => "twc." + s),
  ];
  for (const key of keys) assert.ok(key in en, `English lacks ${key}`);
});

test("every key the code uses exists", () => {
  const dir = new URL("../../www/", import.meta.url);
  const files = ["dashboard", "render"].flatMap((d) => readdirSync(new URL(d + "/", dir)).map((f) => new URL(`${d}/${f}`, dir)));
  for (const file of files) {
    const src = readFileSync(file, "utf8");
    for (const [, key] of src.matchAll(/\bt\("([a-zA-Z0-9_.]+)"[,)]/g)) assert.ok(key in en, `${file.pathname}: unknown key ${key}`);
  }
});

test("placeholders are filled, unknown ones kept", () => {
  const t = translator("sv");
  assert.equal(translator("en")("files.rows", { n: "12" }), "12 rows");
  assert.ok(!t("files.rows", { n: "12" }).includes("{n}"));
  assert.equal(translator("en")("no.such.key"), "no.such.key");
  assert.equal(metricLabel(translator("en"), "qa.criterion_pass_rate.Greeting"), "Greeting: pass rate");
  assert.equal(metricLabel(translator("en"), "x.unknown"), "x.unknown");
});

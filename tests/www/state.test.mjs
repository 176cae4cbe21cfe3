import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanConfig, decodeHash, encodeHash, fromBase64Url, toBase64Url, initialSettings, loadMapping, mappingKey, pickLanguage, saveMapping, saveStored, loadStored, splitLines, hoursToSeconds } from "../../www/dashboard/state.js";

const memory = () => {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), map: m };
};

test("base64url round-trips any UTF-8", () => {
  for (const s of ["", "a", "{\"x\":1}", "klagomål оплакване şikayet ✓", "🙂".repeat(5)]) {
    const enc = toBase64Url(s);
    assert.match(enc, /^[A-Za-z0-9_-]*$/);
    assert.equal(fromBase64Url(enc), s);
  }
});

test("the hash holds the language and the cleaned config", () => {
  const config = { time_zone: "Europe/Oslo", period: { start: "2026-01-01", end: "2026-07-01" }, group_by: ["agent"], complaint_keywords: ["klage"], goals: [{ id: "g", name: "Færre klager" }] };
  const hash = encodeHash({ lang: "nb", config });
  assert.match(hash, /^lang=nb&config=/);
  assert.deepEqual(decodeHash("#" + hash), { lang: "nb", config });
});

test("a mangled hash is ignored, not thrown", () => {
  assert.deepEqual(decodeHash("#lang=xx&config=%%%"), {});
  assert.deepEqual(decodeHash("#config=" + toBase64Url("[1,2]")), {});
  assert.deepEqual(decodeHash(""), {});
});

test("cleanConfig drops empty parts and keeps meaningful empties", () => {
  assert.deepEqual(cleanConfig({
    time_zone: "UTC", period: { start: "2026-01-01", end: "" }, granularity: undefined, group_by: [],
    sla: { default: { first_response: 3600, resolution: undefined }, urgent: {}, "": { first_response: 1 } },
    complaint_keywords: [], goals: [], csat_scale: null,
  }), { time_zone: "UTC", group_by: [], sla: { default: { first_response: 3600 } }, goals: [] });
});

test("the hash wins over storage, storage over defaults", () => {
  const storage = memory();
  saveStored(storage, { lang: "sv", config: { time_zone: "Europe/Stockholm" } });
  assert.deepEqual(loadStored(storage), { lang: "sv", config: { time_zone: "Europe/Stockholm" } });
  const fromStorage = initialSettings({ hash: "", storage, languages: ["tr-TR"], timeZone: "Europe/Istanbul" });
  assert.equal(fromStorage.lang, "sv");
  assert.equal(fromStorage.config.time_zone, "Europe/Stockholm");
  const fromHash = initialSettings({ hash: "#" + encodeHash({ lang: "bg", config: { time_zone: "Europe/Sofia" } }), storage, languages: [], timeZone: "UTC" });
  assert.deepEqual(fromHash, { lang: "bg", config: { time_zone: "Europe/Sofia" } });
  const fresh = initialSettings({ hash: "", storage: memory(), languages: ["nn-NO"], timeZone: "Europe/Oslo" });
  assert.equal(fresh.lang, "nb");
  assert.equal(fresh.config.time_zone, "Europe/Oslo");
});

test("storage failures do not throw", () => {
  const broken = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("quota"); } };
  assert.equal(loadStored(broken), null);
  saveStored(broken, { lang: "en", config: {} });
  assert.equal(loadStored({ getItem: () => "{not json" }), null);
});

test("language from the browser's list", () => {
  assert.equal(pickLanguage(["de-DE", "sv-FI", "en"]), "sv");
  assert.equal(pickLanguage(["no"]), "nb");
  assert.equal(pickLanguage(["bg"]), "bg");
  assert.equal(pickLanguage(["fr"]), "en");
  assert.equal(pickLanguage(undefined), "en");
});

test("mapping keys ignore header order, case and spaces", () => {
  assert.equal(mappingKey(["Ärende", " Skapad ", "Kanal"]), mappingKey(["kanal", "skapad", "ärende"]));
  assert.notEqual(mappingKey(["a", "b"]), mappingKey(["a", "c"]));
  assert.match(mappingKey(["x"]), /^cxkpi\.mapping\.[0-9a-f]{8}$/);
});

test("a mapping is remembered per header set", () => {
  const storage = memory();
  saveMapping(storage, ["Ärende", "Skapad"], { kind: "tickets", columns: { id: "Ärende", created_at: "Skapad" } });
  assert.deepEqual(loadMapping(storage, ["skapad", "ärende"]), { kind: "tickets", columns: { id: "Ärende", created_at: "Skapad" } });
  assert.equal(loadMapping(storage, ["other"]), null);
  // Only the mapping is stored: no data.
  assert.deepEqual([...storage.map.values()].map((v) => Object.keys(JSON.parse(v))), [["kind", "columns"]]);
});

test("form helpers", () => {
  assert.deepEqual(splitLines(" 2026-05-17 \r\n\n2026-12-24\n"), ["2026-05-17", "2026-12-24"]);
  assert.deepEqual(splitLines("Tone, empathy"), ["Tone, empathy"]);
  assert.equal(hoursToSeconds("1,5"), 5400);
  assert.equal(hoursToSeconds(""), undefined);
  assert.equal(hoursToSeconds("-1"), undefined);
});

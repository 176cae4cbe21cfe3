// The page's settings: the engine config (SPEC section 6) plus the language.
// Kept in the URL hash and in localStorage, never any data. Pure functions;
// storage is passed in so tests can use a Map.

/** The engine's defaults for the fields the settings form shows (SPEC sections 4 and 6). */
export const ENGINE_DEFAULTS = {
  csat_scale: 5,
  ces_scale: 7,
  ces_higher_is_easier: true,
  service_level_seconds: 20,
  short_abandon_seconds: 0,
  repeat_contact_days: 7,
  inactivity_days: 90,
  complaint_keywords: ["complaint", "klagomål", "klage", "оплакване", "şikayet"],
};

export const LANGUAGES = ["en", "sv", "nb", "bg", "tr"];
export const GRANULARITIES = ["day", "week", "month", "quarter"];
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const STORAGE_KEY = "cxkpi.settings";

/** The language for a list of browser languages (`navigator.languages`): first supported, else English. */
export function pickLanguage(preferred) {
  for (const tag of preferred || []) {
    const base = String(tag).toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(base)) return base;
    if (base === "no" || base === "nn") return "nb";
  }
  return "en";
}

/** First-visit settings: the browser's zone, monthly trend, grouped by agent, channel and team. */
export function defaultSettings(timeZone = "UTC", lang = "en") {
  return { lang, config: { time_zone: timeZone, granularity: "month", group_by: ["agent", "channel", "team"] } };
}

/**
 * A config with empty parts removed, ready for the engine: unset optional
 * fields are left out (the engine then uses its defaults), empty lists too
 * except where an empty list means something (`group_by`, `goals`, `qa.critical`).
 */
export function cleanConfig(config) {
  const out = {};
  for (const [k, v] of Object.entries(config || {})) {
    if (v === undefined || v === null || v === "") continue;
    if (k === "period") {
      if (v.start && v.end) out.period = { start: v.start, end: v.end };
      continue;
    }
    if (k === "sla") {
      const sla = {};
      for (const [prio, t] of Object.entries(v)) {
        const target = {};
        if (Number.isFinite(t?.first_response)) target.first_response = t.first_response;
        if (Number.isFinite(t?.resolution)) target.resolution = t.resolution;
        if (prio && Object.keys(target).length) sla[prio] = target;
      }
      if (Object.keys(sla).length) out.sla = sla;
      continue;
    }
    if (k === "complaint_keywords" && Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** UTF-8 text → base64url without padding. */
export function toBase64Url(text) {
  let bin = "";
  for (const b of enc.encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url → UTF-8 text; throws on bad input. */
export function fromBase64Url(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return dec.decode(bytes);
}

/** Settings → URL hash (without `#`): `lang=sv&config=<base64url JSON>`. */
export function encodeHash({ lang, config }) {
  const params = new URLSearchParams();
  if (lang) params.set("lang", lang);
  params.set("config", toBase64Url(JSON.stringify(cleanConfig(config))));
  return params.toString();
}

/**
 * URL hash → the settings it holds: `{lang?, config?}`; parts that cannot be
 * read are left out (a mangled link falls back to stored settings, never throws).
 */
export function decodeHash(hash) {
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  const out = {};
  const lang = params.get("lang");
  if (lang && LANGUAGES.includes(lang)) out.lang = lang;
  const config = params.get("config");
  if (config) {
    try {
      const parsed = JSON.parse(fromBase64Url(config));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) out.config = parsed;
    } catch {
      // not ours: ignore
    }
  }
  return out;
}

/** Settings stored in `storage` (a Storage or a Map-like with getItem), or null. */
export function loadStored(storage) {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw);
    const out = {};
    if (LANGUAGES.includes(parsed.lang)) out.lang = parsed.lang;
    if (parsed.config && typeof parsed.config === "object") out.config = parsed.config;
    return out;
  } catch {
    return null;
  }
}

/** Keep settings in `storage`; a full or forbidden storage is ignored. */
export function saveStored(storage, { lang, config }) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ lang, config: cleanConfig(config) }));
  } catch {
    // private mode or quota: settings still live in the hash
  }
}

/**
 * The settings to start with: the hash wins over storage, storage over the
 * defaults; the language falls back to the browser's.
 */
export function initialSettings({ hash, storage, languages, timeZone }) {
  const defaults = defaultSettings(timeZone, pickLanguage(languages));
  const stored = loadStored(storage) || {};
  const fromHash = decodeHash(hash);
  return {
    lang: fromHash.lang || stored.lang || defaults.lang,
    config: fromHash.config || stored.config || defaults.config,
  };
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const b of enc.encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * The localStorage key of a column mapping for files with these headers: the
 * same set of headers (order, case and surrounding space ignored) gives the same key.
 */
export function mappingKey(headers) {
  const norm = [...new Set(headers.map((h) => String(h).trim().toLowerCase()).filter(Boolean))].sort();
  return "cxkpi.mapping." + fnv1a(norm.join("\u001f"));
}

/** The remembered `{kind, columns}` for these headers, or null. */
export function loadMapping(storage, headers) {
  try {
    const raw = storage?.getItem(mappingKey(headers));
    const m = raw ? JSON.parse(raw) : null;
    return m && typeof m === "object" ? { kind: m.kind || null, columns: m.columns || {} } : null;
  } catch {
    return null;
  }
}

/** Remember `{kind, columns}` for files with these headers. */
export function saveMapping(storage, headers, mapping) {
  try {
    storage?.setItem(mappingKey(headers), JSON.stringify({ kind: mapping.kind || null, columns: mapping.columns || {} }));
  } catch {
    // ignore
  }
}

/** Lines of a textarea → trimmed, non-empty entries. */
export const splitLines = (text) => String(text || "").split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

/** Hours (possibly fractional) → whole seconds; empty → undefined. */
export const hoursToSeconds = (text) => {
  const x = parseFloat(String(text).replace(",", "."));
  return Number.isFinite(x) && x >= 0 ? Math.round(x * 3600) : undefined;
};

// Pure formatters: numbers, percentages, durations, dates, through Intl for a
// given locale. No DOM. The e2e tests format the CLI's report with these same
// functions and compare the text on screen.
import { metricInfo } from "../dashboard/schema.js";

/** Shown where a value is undefined (empty distribution, denominator 0). */
export const NONE = "–";

const cache = new Map();
function nf(locale, options) {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

const ok = (x) => typeof x === "number" && Number.isFinite(x);

/** A whole count: `1 234`. */
export const formatInt = (n, locale) => (ok(n) ? nf(locale, { maximumFractionDigits: 0 }).format(n) : NONE);

/** A plain number with at most `digits` decimals. */
export const formatNumber = (x, locale, digits = 2) =>
  ok(x) ? nf(locale, { maximumFractionDigits: digits }).format(x) : NONE;

/** A fraction 0..1 as a percentage with one decimal: 0.1234 → `12.3 %` (locale spacing). */
export const formatPct = (x, locale, digits = 1) =>
  ok(x) ? nf(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x) : NONE;

/** An amount of money in the file's (unknown) currency: grouped, at most 2 decimals. */
export const formatMoney = (x, locale) =>
  ok(x) ? nf(locale, { minimumFractionDigits: 0, maximumFractionDigits: Math.abs(x) >= 1000 ? 0 : 2 }).format(x) : NONE;

/** NPS, −100..100, signed: `+23.4`. */
export const formatNps = (x, locale) =>
  ok(x) ? nf(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(x) : NONE;

const unit = (x, u, locale) => nf(locale, { style: "unit", unit: u, unitDisplay: "narrow", maximumFractionDigits: 0 }).format(x);

/**
 * Seconds as a short human duration in two units at most:
 * 42 → `42s`, 725 → `12m 5s`, 9000 → `2h 30m`, 200000 → `2d 7h` (unit names per locale).
 */
export function formatDuration(secs, locale) {
  if (!ok(secs)) return NONE;
  const sign = secs < 0 ? "−" : "";
  let s = Math.round(Math.abs(secs));
  if (s < 60) return sign + unit(s, "second", locale);
  const parts = [];
  if (s < 3600) {
    parts.push(unit(Math.floor(s / 60), "minute", locale));
    if (s % 60) parts.push(unit(s % 60, "second", locale));
  } else if (s < 86400) {
    s = Math.round(s / 60) * 60;
    if (s >= 86400) return sign + unit(1, "day", locale);
    parts.push(unit(Math.floor(s / 3600), "hour", locale));
    if ((s % 3600) / 60) parts.push(unit((s % 3600) / 60, "minute", locale));
  } else {
    s = Math.round(s / 3600) * 3600;
    parts.push(unit(Math.floor(s / 86400), "day", locale));
    if ((s % 86400) / 3600) parts.push(unit((s % 86400) / 3600, "hour", locale));
  }
  return sign + parts.join(" ");
}

/** A number in a metric's unit (`s`, `pct`, `score`, `money`, `n`). */
export function formatUnit(x, unitName, locale) {
  switch (unitName) {
    case "s": return formatDuration(x, locale);
    case "pct": return formatPct(x, locale);
    case "money": return formatMoney(x, locale);
    case "n": return formatInt(x, locale);
    case "nps": return formatNps(x, locale);
    default: return formatNumber(x, locale, 2);
  }
}

/**
 * The headline text of one metric value of the report: a count, a percentage,
 * a distribution's headline statistic (or `stat`), NPS. `value` is the report's
 * object for that metric (`{"value": 3}`, `{"count": …, "median": …}`, …).
 */
export function formatMetric(id, value, locale, stat) {
  const info = metricInfo(id);
  if (!info || value == null) return NONE;
  if (info.kind === "nps") return formatNps(value.value, locale);
  if (info.kind === "dist") {
    const s = stat || info.stat;
    if (s === "count") return formatInt(value.count, locale);
    return formatUnit(value[s], info.unit, locale);
  }
  return formatUnit(value.value, info.unit, locale);
}

/** A 95 % interval `[lo, hi]` in a metric's unit: `9.8–14.1 %` style, as `lo – hi`. */
export function formatInterval(id, ci, locale) {
  if (!Array.isArray(ci) || ci.length !== 2) return "";
  const info = metricInfo(id);
  const f = info?.kind === "nps" ? (x) => formatNps(x, locale) : (x) => formatUnit(x, info?.unit, locale);
  return `${f(ci[0])} – ${f(ci[1])}`;
}

const dfCache = new Map();
function df(locale, timeZone, options) {
  const key = locale + timeZone + JSON.stringify(options);
  let f = dfCache.get(key);
  if (!f) dfCache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...options })));
  return f;
}

/** An RFC 3339 instant (or epoch ms) as a local date in `timeZone`: `1 Apr 2026`. */
export function formatDate(instant, locale, timeZone = "UTC") {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return NONE;
  return df(locale, timeZone, { year: "numeric", month: "short", day: "numeric" }).format(d);
}

/** A report period `[start, end)` as the local days it covers: `1 Jan 2026 – 30 Jun 2026`. */
export function formatPeriod(period, locale) {
  if (!period?.start || !period?.end) return NONE;
  const tz = period.time_zone || "UTC";
  const lastDay = new Date(new Date(period.end).getTime() - 1);
  return `${formatDate(period.start, locale, tz)} – ${formatDate(lastDay, locale, tz)}`;
}

/** A trend bucket label for its granularity: `2026-W14`-like week, `Apr 2026`, `Q2 2026`, or a day. */
export function formatBucket(start, granularity, locale, timeZone = "UTC") {
  const d = new Date(start);
  if (Number.isNaN(d.getTime())) return NONE;
  switch (granularity) {
    case "month": return df(locale, timeZone, { year: "numeric", month: "short" }).format(d);
    case "quarter": {
      const m = Number(df("en", timeZone, { month: "numeric" }).format(d));
      const y = df("en", timeZone, { year: "numeric" }).format(d);
      return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
    }
    default: return formatDate(d, locale, timeZone);
  }
}

/** Seconds with one decimal: `0.4 s` style, for timings. */
export const formatSeconds = (x, locale) =>
  ok(x) ? nf(locale, { style: "unit", unit: "second", unitDisplay: "short", maximumFractionDigits: 1 }).format(x) : NONE;

/** A file size in bytes: `4.2 MB`. */
export function formatBytes(n, locale) {
  if (!ok(n)) return NONE;
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return nf(locale, { style: "unit", unit: units[i], unitDisplay: "short", maximumFractionDigits: i ? 1 : 0 }).format(n);
}

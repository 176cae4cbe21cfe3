// Translations: one dictionary per language (www/i18n/*.js), English as the
// reference; `{name}` placeholders are filled from params. Pure.
import en from "../i18n/en.js";
import sv from "../i18n/sv.js";
import nb from "../i18n/nb.js";
import bg from "../i18n/bg.js";
import tr from "../i18n/tr.js";

export const DICTIONARIES = { en, sv, nb, bg, tr };

/** The BCP 47 locale used with Intl for each language. */
export const LOCALES = { en: "en-GB", sv: "sv-SE", nb: "nb-NO", bg: "bg-BG", tr: "tr-TR" };

/** Each language's name in itself, for the language menu. */
export const LANGUAGE_NAMES = { en: "English", sv: "Svenska", nb: "Norsk bokmål", bg: "Български", tr: "Türkçe" };

/**
 * A translate function for `lang`: `t("files.rows", {n: "12"})`. A key missing
 * in the language falls back to English, then to the key itself.
 */
export function translator(lang) {
  const dict = DICTIONARIES[lang] || en;
  return (key, params) => {
    let s = dict[key] ?? en[key] ?? key;
    if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));
    return s;
  };
}

/** The label of a metric id: catalogue names, `qa.criterion_pass_rate.X` as "X: pass rate". */
export function metricLabel(t, id) {
  const key = "metric." + id;
  if (id.startsWith("qa.criterion_pass_rate.")) return t("metric.qa.criterion_pass_rate", { name: id.slice("qa.criterion_pass_rate.".length) });
  const s = t(key);
  return s === key ? id : s;
}

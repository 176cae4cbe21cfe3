// The page: mounts the dashboard and keeps its settings in the URL hash and
// localStorage (never the data). DOM glue only.
import { mountDashboard } from "./dashboard/app.js";
import { encodeHash, decodeHash, initialSettings, saveStored } from "./dashboard/state.js";
import { translator } from "./dashboard/i18n.js";

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
let storage = null;
try {
  storage = window.localStorage;
} catch {
  // storage blocked: settings live in the hash only
}

const settings = initialSettings({ hash: location.hash, storage, languages: navigator.languages, timeZone });
let lastHash = encodeHash(settings);

const skipLink = document.querySelector(".cx-skip");

const write = (s) => {
  document.documentElement.lang = s.lang;
  if (skipLink) skipLink.textContent = translator(s.lang)("app.skip");
  lastHash = encodeHash(s);
  history.replaceState(null, "", "#" + lastHash);
  saveStored(storage, s);
};

const app = mountDashboard(document.getElementById("app"), {
  ...settings,
  storage,
  timeZone,
  sampleUrl: "sample/",
  onSettings: write,
});
write(settings);

window.addEventListener("hashchange", () => {
  const hash = location.hash.replace(/^#/, "");
  if (hash === lastHash) return;
  const next = decodeHash(hash);
  app.setSettings(next);
  write({ lang: app.lang, config: app.config });
});

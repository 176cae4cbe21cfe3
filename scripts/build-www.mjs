// Copies what www/ serves but does not keep in git: the chart library from
// node_modules into www/vendor/, and the sample exports from tests/data/sample
// into www/sample/ (with index.json listing them, for the "try the sample data"
// button). Run after `npm ci`; the wasm package comes from scripts/build-wasm.sh.
// Usage: node scripts/build-www.mjs
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

const uplot = join(root, "node_modules", "uplot", "dist");
if (!existsSync(uplot)) {
  console.error("build-www: node_modules/uplot is missing: run `npm ci` first");
  process.exit(1);
}
rmSync(join(www, "vendor"), { recursive: true, force: true });
copy(join(uplot, "uPlot.esm.js"), join(www, "vendor", "uplot", "uPlot.esm.js"));
copy(join(uplot, "uPlot.min.css"), join(www, "vendor", "uplot", "uPlot.min.css"));
copy(join(root, "node_modules", "uplot", "LICENSE"), join(www, "vendor", "uplot", "LICENSE"));

const sample = process.env.CXKPI_SAMPLE_DIR || join(root, "tests", "data", "sample");
rmSync(join(www, "sample"), { recursive: true, force: true });
if (existsSync(sample)) {
  const names = readdirSync(sample).filter((n) => /\.(csv|tsv|txt|json)$/i.test(n)).sort();
  for (const name of names) copy(join(sample, name), join(www, "sample", name));
  const files = names.filter((n) => n !== "config.json");
  const index = { files, config: names.includes("config.json") ? "config.json" : null };
  writeFileSync(join(www, "sample", "index.json"), JSON.stringify(index, null, 2) + "\n");
  console.log(`build-www: www/vendor/uplot, www/sample (${files.length} files)`);
} else {
  console.warn(`build-www: no sample data at ${sample}; the sample button will be hidden`);
}

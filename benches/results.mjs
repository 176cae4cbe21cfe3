// Writes a benchmark's section into benches/RESULTS.md, between
// `<!-- bench:ID -->` and `<!-- /bench:ID -->` (appended the first time), with
// the machine it ran on. Used by benches/browser/run.mjs and, as a command,
// by benches/duckdb-native.py:
//
//   node benches/results.mjs ID < SECTION.md
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

export const resultsFile = fileURLToPath(new URL("./RESULTS.md", import.meta.url));

/** One line about the machine: CPU model, cores, memory, load average now. */
export function machine(extra = "") {
  const cpu = cpus();
  const load = loadavg().map((x) => x.toFixed(1)).join(", ");
  return `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${extra}load average ${load} when it finished`;
}

/** Replace (or append) the section `id` of RESULTS.md with `body`. */
export function writeSection(id, body) {
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const text = readFileSync(resultsFile, "utf8");
  const block = `${start}\n${body.trim()}\n${end}`;
  const at = text.indexOf(start);
  const until = text.indexOf(end);
  const next = at >= 0 && until > at ? text.slice(0, at) + block + text.slice(until + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(resultsFile, next);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const id = process.argv[2];
  if (!id) {
    console.error("usage: node benches/results.mjs ID < SECTION.md");
    process.exit(2);
  }
  writeSection(id, readFileSync(0, "utf8"));
  console.error(`benches/RESULTS.md: section ${id} written`);
}

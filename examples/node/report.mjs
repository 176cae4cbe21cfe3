#!/usr/bin/env node
// Headless cxkpi: the report JSON for some exports, no UI, no browser.
// The same output as `cxkpi report [--config CONFIG.json] FILE...`.
//
//   npm install                                  (links the package built by scripts/build-pkg.mjs)
//   node report.mjs --config config.json tickets.csv calls.csv > report.json
import { readFile } from "node:fs/promises";
import { createEngine, CxkpiError } from "cxkpi/node";

const args = process.argv.slice(2);
const at = args.indexOf("--config");
const config = at >= 0 ? JSON.parse(await readFile(args.splice(at, 2)[1], "utf8")) : {};
if (!args.length) {
  console.error("usage: node report.mjs [--config CONFIG.json] [KIND=]FILE...");
  process.exit(2);
}

try {
  const engine = await createEngine({ config });
  for (const arg of args) {
    // KIND=FILE overrides detection, as in the CLI. A path is streamed in chunks.
    const [, kind, path] = arg.match(/^(?:(tickets|calls|surveys|customers|orders|qa_reviews)=)?(.*)$/);
    await engine.addFile(path, { name: path, kind });
  }
  const report = await engine.report();
  engine.dispose();
  console.log(JSON.stringify(report, null, 2));
} catch (e) {
  if (!(e instanceof CxkpiError)) throw e;
  // file, line, column and field say where the problem is.
  console.error(`cxkpi: ${e.message}`);
  process.exit(2);
}

// Assembles the JS package dist/cxkpi/ from www/: the client (lib/), the custom
// element and the dashboard it renders (dashboard/, render/, i18n/, style.css),
// the wasm engine (pkg/, from scripts/build-wasm.sh) and uPlot (vendor/, from
// scripts/build-www.mjs), with package.json (exports, types) and a README.
// The folder is what you copy to a static host, `npm install ./dist/cxkpi`
// or `npm pack`. Usage: node scripts/build-pkg.mjs [OUT_DIR]
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");
const out = resolve(process.argv[2] || join(root, "dist", "cxkpi"));

for (const [path, how] of [["pkg/cxkpi_bg.wasm", "bash scripts/build-wasm.sh"], ["vendor/uplot/uPlot.esm.js", "node scripts/build-www.mjs"]]) {
  if (!existsSync(join(www, path))) {
    console.error(`build-pkg: www/${path} is missing: run \`${how}\` first`);
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const part of ["lib", "dashboard", "render", "i18n", "pkg", "vendor", "style.css"]) {
  cpSync(join(www, part), join(out, part), { recursive: true });
}
rmSync(join(out, "pkg", ".gitignore"), { force: true });

const version = readFileSync(join(root, "Cargo.toml"), "utf8").match(/^version\s*=\s*"([^"]+)"/m)[1];
const pkg = {
  name: "cxkpi",
  version,
  description: "Customer-service KPIs computed in the browser or Node: the cxkpi engine (wasm) in a Web Worker, a <cxkpi-dashboard> custom element, TypeScript types.",
  license: "MIT OR Apache-2.0",
  type: "module",
  main: "./lib/cxkpi.js",
  types: "./lib/cxkpi.d.ts",
  exports: {
    ".": { types: "./lib/cxkpi.d.ts", default: "./lib/cxkpi.js" },
    "./browser": { types: "./lib/cxkpi.d.ts", default: "./lib/cxkpi.js" },
    "./node": { types: "./lib/node.d.ts", default: "./lib/node.js" },
    "./element": { types: "./dashboard/element.d.ts", default: "./dashboard/element.js" },
    "./types": { types: "./lib/types.d.ts" },
    "./worker.js": "./lib/worker.js",
    "./style.css": "./style.css",
    "./package.json": "./package.json",
  },
  sideEffects: ["./dashboard/element.js"],
  engines: { node: ">=20" },
};
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
writeFileSync(join(out, "README.md"), `# cxkpi ${version}

Customer-service KPIs from CSV exports, computed where the data is: in the
visitor's browser (a Web Worker) or in Node. See the cxkpi repository's README,
section "Embedding", for the API, the \`<cxkpi-dashboard>\` element and examples.

\`\`\`js
import { createEngine } from "cxkpi";           // in Node: from "cxkpi/node"
const engine = await createEngine({ config: { time_zone: "Europe/Oslo" } });
await engine.addFile(file, { onProgress: ({ loaded, total }) => {} });
const report = await engine.report();
\`\`\`
`);
console.log(`build-pkg: ${out.replace(root + "/", "")} (cxkpi ${version})`);

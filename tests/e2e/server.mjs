// A static file server for the e2e tests: serves www/ on 127.0.0.1 (a free
// port), with the right MIME types for modules and wasm. With `mock: true` the
// wasm package at /pkg/ is replaced by tests/www/fixtures/mock-pkg/ (for work
// on the page before the engine is built). Also runnable by hand:
//   node tests/e2e/server.mjs [--mock] [--port 8080]
import { createServer } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
const www = join(repoRoot, "www");
const mockPkg = join(repoRoot, "tests", "www", "fixtures", "mock-pkg");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".csv": "text/csv; charset=utf-8", ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
};

/** Whether www/pkg holds a real wasm build. */
export const hasWasmBuild = () => existsSync(join(www, "pkg", "cxkpi_bg.wasm"));

/**
 * Start serving; resolves to `{url, close}`. Uses the project's server
 * (scripts/serve.mjs, which also sends the CSP header) when it is there, else
 * the small one below.
 */
export async function serve({ mock = false, port = 0 } = {}) {
  const project = join(repoRoot, "scripts", "serve.mjs");
  if (existsSync(project) && !process.env.CXKPI_E2E_OWN_SERVER) {
    const mounts = { "/": www };
    if (mock) mounts["/pkg/"] = mockPkg;
    const { server, origin } = await (await import(pathToFileURL(project).href)).serve({ mounts, port });
    return { url: origin + "/", close: () => new Promise((done) => server.close(done)) };
  }
  return ownServer({ mock, port });
}

function ownServer({ mock, port }) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(www, path));
    if (mock && path.startsWith("/pkg/")) file = normalize(join(mockPkg, path.slice(5)));
    if (!file.startsWith(www) && !file.startsWith(mockPkg)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return void res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => {
    const url = `http://127.0.0.1:${server.address().port}/`;
    ok({ url, close: () => new Promise((done) => server.close(done)) });
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const port = args.includes("--port") ? Number(args[args.indexOf("--port") + 1]) : 8080;
  serve({ mock: args.includes("--mock"), port }).then(({ url }) => console.log(`serving www/ at ${url}`));
}

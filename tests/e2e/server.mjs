// Serves www/ for the browser tests on 127.0.0.1 (a free port) with the
// project's server (scripts/serve.mjs: MIME types and the page's CSP header).
import { existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve as serveProject } from "../../scripts/serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
const www = join(repoRoot, "www");

/** Whether www/pkg holds a wasm build. */
export const hasWasmBuild = () => existsSync(join(www, "pkg", "cxkpi_bg.wasm"));

/** Start serving www/; resolves to `{url, close}`. */
export async function serve({ port = 0 } = {}) {
  const { server, origin } = await serveProject({ mounts: { "/": www }, port });
  return { url: origin + "/", close: () => new Promise((done) => server.close(done)) };
}

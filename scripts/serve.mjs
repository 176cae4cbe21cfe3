#!/usr/bin/env node
// A static file server for www/ on 127.0.0.1, with the MIME types module
// workers and wasm need and a strict Content-Security-Policy. No dependencies.
//
//   node scripts/serve.mjs [--port N] [--mount /PREFIX/=DIR]... [DIR]   (default: port 8000, www)
//   e.g. the embedding example: node scripts/serve.mjs --mount /cxkpi/=dist/cxkpi examples/html
//
// Also imported by the browser tests: `serve({ mounts, port: 0 })` serves
// several folders on an ephemeral port and resolves to `{ server, origin }`.

import { createServer } from "node:http";
import { open } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

// Everything from this origin, nothing from anywhere else. 'wasm-unsafe-eval'
// lets WebAssembly compile; it allows no JS eval.
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const HEADERS = {
  "Content-Security-Policy": CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-cache",
};

/** The file a URL path names under `mounts` (`{"/prefix/": dir}`), or null if it is outside them. */
function locate(mounts, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const prefix = prefixes.find((p) => path.startsWith(p));
  if (prefix === undefined) return null;
  const root = resolve(mounts[prefix]);
  let file = resolve(join(root, path.slice(prefix.length)));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (path.endsWith("/")) file = join(file, "index.html");
  return file;
}

/** Serve GET and HEAD for files under `mounts` on `host:port` (port 0: any free port). */
export function serve({ mounts = { "/": "www" }, host = "127.0.0.1", port = 8000 } = {}) {
  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { ...HEADERS, "Content-Type": "text/plain; charset=utf-8" });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");
    const file = locate(mounts, new URL(req.url, "http://localhost").pathname);
    if (file === null) return send(404, "not found\n");
    let handle;
    try {
      handle = await open(file, "r");
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return send(404, "not found\n");
      }
      const type = MIME[extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, { ...HEADERS, "Content-Type": type, "Content-Length": stat.size });
      if (req.method === "HEAD") {
        await handle.close();
        return res.end();
      }
      handle.createReadStream().pipe(res);
    } catch {
      await handle?.close();
      send(404, "not found\n");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      ok({ server, origin: `http://${host}:${bound}` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--port");
  const port = at >= 0 ? Number(args.splice(at, 2)[1]) : 8000;
  const extra = {};
  for (let i = args.indexOf("--mount"); i >= 0; i = args.indexOf("--mount")) {
    const [prefix, mountDir] = args.splice(i, 2)[1].split("=");
    extra[prefix] = mountDir;
  }
  const dir = args[0] ?? "www";
  const { origin } = await serve({ mounts: { "/": dir, ...extra }, port });
  console.log(`serving ${dir}/ at ${origin}/  (Ctrl-C stops)`);
}

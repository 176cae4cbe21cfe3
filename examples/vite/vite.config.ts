import { defineConfig } from "vite";

export default defineConfig({
  // The engine's worker is an ES module (it imports the wasm glue).
  worker: { format: "es" },
  // Keep the element's stylesheets as files: a strict Content-Security-Policy
  // (style-src 'self') blocks the data: URLs Vite inlines small assets as.
  build: { target: "es2022", assetsInlineLimit: 0 },
});

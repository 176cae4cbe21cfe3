import { defineConfig } from "vite";

export default defineConfig({
  // The engine's worker is an ES module (it imports the wasm glue).
  worker: { format: "es" },
  build: { target: "es2022" },
});

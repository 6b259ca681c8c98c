import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The storefront: `npm run build:web` writes web/dist, which the server serves at `/`. */
export default defineConfig({
  root,
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: true },
  server: {
    proxy: { "/api": "http://localhost:3000", "/push": { target: "ws://localhost:3000", ws: true } },
  },
});

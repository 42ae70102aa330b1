/**
 * A static page to look at the components in a real browser (not part of the package):
 *   npx vite build --config ui/form-designer/harness/vite.config.mjs   → /tmp/fd-harness
 *   node ui/form-designer/harness/shoot.mjs                            → /tmp/fd-shots/*.png
 * It runs on an in-memory FormsApi (test/fakeApi.ts); nothing talks to a server.
 */
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [vue()],
  logLevel: "warn",
  build: { outDir: process.env.FD_HARNESS_OUT ?? "/tmp/fd-harness", emptyOutDir: true, chunkSizeWarningLimit: 4000 },
});

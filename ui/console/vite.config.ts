/**
 * The console's build. Served by the node's gateway from `dist/` (relative asset paths, hash
 * routing: the gateway serves `/` and static files, not a history-mode fallback). `npm run dev`
 * proxies `/api` to a node on ANJU_DEV_API (default http://127.0.0.1:3000).
 */
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [vue()],
  define: {
    // vue-i18n's compile-time flags: composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Element Plus and ECharts are big by nature; split them so a change to our code re-downloads only ours.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes("node_modules/echarts") || id.includes("node_modules/zrender")) return "echarts";
          if (id.includes("node_modules/element-plus") || id.includes("node_modules/@element-plus")) return "element-plus";
          if (id.includes("node_modules/")) return "vendor";
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { "/api": process.env.ANJU_DEV_API ?? "http://127.0.0.1:3000" },
  },
});

import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests start servers and child processes; two cores → keep parallelism modest.
    maxWorkers: 2,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          // Server packages, plugins, and the console's end-to-end tests (real Chromium).
          include: ["core/*/test/**/*.test.ts", "plugins/*/test/**/*.test.ts", "ui/*/e2e/**/*.test.ts"],
        },
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: "ui",
          // Vue components in a DOM (happy-dom): renderer set and console pieces.
          include: ["ui/*/test/**/*.test.ts"],
          environment: "happy-dom",
        },
      },
    ],
  },
});

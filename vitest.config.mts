import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["core/*/test/**/*.test.ts", "plugins/*/test/**/*.test.ts", "ui/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests start servers and child processes; two cores → keep parallelism modest.
    maxWorkers: 2,
    pool: "forks",
  },
});

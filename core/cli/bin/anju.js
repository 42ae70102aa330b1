#!/usr/bin/env node
"use strict";
// `anju` outside npm scripts (npx anju, node_modules/.bin/anju). The repo has no build step, so
// this loads tsx's loader first — it handles both the CommonJS CLI and the ESM dynamic import()
// that loads plugin entry modules — and then runs the TypeScript entry.
import("tsx").then(() => require("../src/bin.ts"), (err) => {
  process.stderr.write(`错误 [INTERNAL]: 无法加载 tsx / cannot load tsx: ${err.message}\n`);
  process.exit(1);
});

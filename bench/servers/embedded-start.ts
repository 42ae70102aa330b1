/**
 * Fallback for bench/cold-start.ts when core/cli/src/bin.ts does not exist: start one node
 * with the embedded default exactly as configured by the environment (ANJU_DATA_DIR, PORT,
 * ANJU_DEMO …) — no demo seeding, which is the CLI's job — and stop on SIGTERM.
 */
import { startNode } from "@anju/gateway";
import { announceReady } from "../lib/proc.js";

startNode({ brokerOptions: { skipProcessEventRegistration: true } })
  .then((node) => announceReady({ url: node.url }, () => node.stop()))
  .catch((err) => { console.error(err); process.exit(1); });

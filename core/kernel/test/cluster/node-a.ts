/**
 * Node A as a process of its own (run with `node --import tsx node-a.ts`): a host on the
 * shared database (ANJU_TEST_DB_URL) and bus (ANJU_TEST_NATS) that runs every installed
 * plugin's services. Prints READY once started; stops on SIGTERM or when stdin closes (the
 * test process went away).
 */
import { createTestHost } from "../../src/testing.js";
import { nodeConfig } from "./helpers.js";

async function main(): Promise<void> {
  const nats = process.env.ANJU_TEST_NATS;
  const dbUrl = process.env.ANJU_TEST_DB_URL;
  if (!nats || !dbUrl) throw new Error("ANJU_TEST_NATS and ANJU_TEST_DB_URL are required");
  const t = await createTestHost({
    dbUrl,
    config: nodeConfig({ nats, nodeId: process.env.ANJU_TEST_NODE_ID ?? "node-a", load: null, pollIntervalMs: Number(process.env.ANJU_TEST_POLL_MS ?? 200) }),
  });
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    t.stop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", shutdown);
  process.stdin.on("end", shutdown);
  process.stdin.resume();
  process.stdout.write("READY\n");
}

main().catch((err) => {
  process.stderr.write(`node-a failed: ${(err as Error).stack}\n`);
  process.exit(1);
});

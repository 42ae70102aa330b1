/**
 * Load publisher (child process): detector reports at a fixed rate over one MQTT connection,
 * paced in 10 ms slices; prints `{"published", "ms"}` when done.
 */
import mqtt from "mqtt";

import { COMMUNITY, report } from "./setup.js";

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2]) as { port: number; readingsPerSecond: number; seconds: number; devices: number; qos: 0 | 1; offset?: number; login?: { username: string; password: string } };
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${o.port}`, { clientId: `bench-pub-${process.pid}`, ...(o.login ?? {}) });
  // Connected: wait for the host's go, so start-up time is not part of the window.
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  const perSlice = o.readingsPerSecond / 4 / 100;
  const topics = Array.from({ length: o.devices }, (_, k) => `anju/${COMMUNITY}/SD-${String(k).padStart(5, "0")}/up`);
  const bodies = Array.from({ length: o.devices }, (_, k) => report(k));
  const t0 = Date.now();
  let sent = 0;
  let k = o.offset ?? 0;
  let inflight = 0;
  while (Date.now() - t0 < o.seconds * 1000) {
    const due = Math.floor(((Date.now() - t0) / 10 + 1) * perSlice);
    while (sent < due) {
      const d = k++ % o.devices;
      if (o.qos === 1) {
        inflight++;
        client.publish(topics[d], bodies[d], { qos: 1 }, () => { inflight--; });
      } else {
        client.publish(topics[d], bodies[d], { qos: 0 });
      }
      sent++;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  while (inflight > 0) await new Promise((r) => setTimeout(r, 10));
  await client.endAsync();
  process.stdout.write(`${JSON.stringify({ published: sent, ms: Date.now() - t0 })}\n`);
}

main().catch((err) => { console.error(err); process.exit(1); });

/**
 * Baseline (a) for host-overhead: a plain Moleculer broker and a plain moleculer-web gateway,
 * one alias `GET /api/ping` → an action returning `{ ok: true }`. No Anju code at all.
 * Broker and gateway settings that are not Anju layers (log level, request timeout, no request
 * logging) are set as the Anju node sets them, so the difference is the host's own work.
 */
import { ServiceBroker } from "moleculer";
import ApiGateway from "moleculer-web";
import type { ServiceSchema } from "moleculer";
import { AsyncLocalStorage } from "node:async_hooks";
import { announceReady } from "../lib/proc.js";
import { installProfilerToggle } from "../lib/profiler.js";

async function main(): Promise<void> {
  installProfilerToggle(process.env.BENCH_NAME ?? "a-bare");
  // Experiment only (bench/overhead-experiments.ts): switch on an AsyncLocalStorage the way
  // @anju/data's tenant scope does, to price Node 20's promise hooks on their own.
  if (process.env.BENCH_ALS === "1") new AsyncLocalStorage().run({}, () => undefined);
  const broker = new ServiceBroker({
    namespace: "bench-bare",
    logger: { type: "Console", options: { level: "error" } },
    requestTimeout: 10_000,
    maxCallLevel: 32,
    skipProcessEventRegistration: true, // announceReady's SIGTERM handler stops the broker
  });
  broker.createService({
    name: "ping",
    actions: { ping: { handler: () => ({ ok: true }) } },
  });
  broker.createService({
    name: "api",
    mixins: [ApiGateway as unknown as ServiceSchema],
    settings: {
      port: Number(process.env.PORT ?? 0),
      ip: "127.0.0.1",
      log4XXResponses: false,
      logRequest: null,
      logResponse: null,
      routes: [{
        path: "/api",
        mappingPolicy: "restrict",
        aliases: { "GET /ping": "ping.ping" },
        bodyParsers: { json: true, urlencoded: false },
        logging: false,
      }],
    },
  } as unknown as ServiceSchema);
  await broker.start();
  const server = (broker.getLocalService("api") as unknown as { server: import("node:http").Server }).server;
  const { port } = server.address() as import("node:net").AddressInfo;
  announceReady({ url: `http://127.0.0.1:${port}`, path: "/api/ping", headers: {} }, () => broker.stop());
}

main().catch((err) => { console.error(err); process.exit(1); });

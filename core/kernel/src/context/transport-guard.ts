/**
 * Calls to another node fail at once with SERVICE_UNAVAILABLE (503) while the transporter is
 * disconnected, instead of waiting out the request timeout.
 *
 * `transit.connected` alone does not say so for NATS: Moleculer's NATS transporter clears it
 * only when the client closes for good, and the client (which reconnects forever) buffers
 * what is published while the server is gone — a call would sit there for the whole request
 * timeout. So the NATS client's own status events (disconnect / reconnect) are watched too.
 */
import type { Context, Middleware, ServiceBroker } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";

interface NatsClientLike {
  status(): AsyncIterable<{ type: string }>;
  isClosed?(): boolean;
}

const watched = new WeakSet<object>();
const down = new WeakSet<object>();

function isNatsClient(client: unknown): client is NatsClientLike {
  return typeof client === "object" && client !== null && typeof (client as NatsClientLike).status === "function";
}

function watch(client: NatsClientLike): void {
  if (watched.has(client)) return;
  watched.add(client);
  void (async () => {
    for await (const s of client.status()) {
      if (s.type === "disconnect") down.add(client);
      else if (s.type === "reconnect") down.delete(client);
    }
  })().catch(() => undefined);
}

function natsClientOf(broker: ServiceBroker): NatsClientLike | undefined {
  const client = (broker.transit as unknown as { tx?: { client?: unknown } } | undefined)?.tx?.client;
  return isNatsClient(client) ? client : undefined;
}

/** Whether calls can reach other nodes now (true for a single node without a transporter). */
export function transportConnected(broker: ServiceBroker): boolean {
  const transit = broker.transit as unknown as { connected: boolean } | undefined;
  if (!transit) return true;
  if (!transit.connected) return false;
  const client = natsClientOf(broker);
  if (!client) return true;
  watch(client);
  return !down.has(client) && !client.isClosed?.();
}

export function transportGuardMiddleware(): Middleware {
  return {
    name: "AnjuTransportGuard",
    // Watch from the start: an outage before the first remote call must be seen too.
    started(broker: ServiceBroker) {
      const client = natsClientOf(broker);
      if (client) watch(client);
    },
    remoteAction(this: ServiceBroker, next: (ctx: Context) => Promise<unknown>, action: { name: string }) {
      const broker = this;
      return async function transportGuard(ctx: Context) {
        if (!transportConnected(broker)) {
          throw KernelErrors.SERVICE_UNAVAILABLE({ reason: `消息总线已断开，无法调用 ${action.name} / transporter disconnected` });
        }
        return next(ctx);
      };
    },
  } as unknown as Middleware;
}

/**
 * Calls to another node fail at once with SERVICE_UNAVAILABLE (503) while the transporter is
 * disconnected, instead of waiting out the request timeout.
 */
import type { Context, Middleware, ServiceBroker } from "moleculer";
import { KernelErrors } from "../errors/catalogue.js";

export function transportGuardMiddleware(): Middleware {
  return {
    name: "AnjuTransportGuard",
    remoteAction(this: ServiceBroker, next: (ctx: Context) => Promise<unknown>, action: { name: string }) {
      const broker = this;
      return async function transportGuard(ctx: Context) {
        const transit = (broker as unknown as { transit?: { connected: boolean; disconnecting?: boolean } }).transit;
        if (transit && !transit.connected) {
          throw KernelErrors.SERVICE_UNAVAILABLE({ reason: `消息总线已断开，无法调用 ${action.name} / transporter disconnected` });
        }
        return next(ctx);
      };
    },
  } as unknown as Middleware;
}

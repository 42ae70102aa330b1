/**
 * Is the HTTP port free? Checked before the node starts, because the gateway (moleculer-web)
 * answers a taken port by exiting the process with a log line instead of a coded error.
 */
import net from "node:net";
import { CliErrors } from "./errors.js";

export function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") reject(CliErrors.PORT_IN_USE({ port, host }));
      else reject(CliErrors.PORT_UNAVAILABLE({ port, host, reason: err.code ?? err.message }));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

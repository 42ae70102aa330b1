/** A throwaway nats-server on a free port (never the system one at 4222); `stop()` kills it. */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { waitFor } from "./helpers.js";

const NATS_SERVER = "/usr/sbin/nats-server";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
    socket.on("error", () => resolve(false));
  });
}

export class NatsServer {
  private constructor(private readonly proc: ChildProcess, readonly port: number) {}

  static async start(): Promise<NatsServer> {
    const port = await freePort();
    const proc = spawn(NATS_SERVER, ["-a", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    await waitFor(`nats-server on ${port}`, () => accepts(port), 10_000, 50);
    return new NatsServer(proc, port);
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGKILL");
    });
  }
}

/**
 * Test tooling shared by every package's suites (exported through `@anju/kernel/testing`): the
 * small Anhui tree most tests seed, a bounded poll, and a throwaway nats-server on its own
 * port (never the system one at 4222) that can be killed and brought back for outage tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import type { AnjuHost } from "./host.js";

/**
 *   340000 安徽省 ─┬─ 340100 合肥市 ─┬─ 340102 瑶海区
 *                  │                 └─ 340103 庐阳区
 *                  └─ 340700 铜陵市 ─── 340705 铜官区
 */
export const TREE = {
  province: "340000",
  hefei: "340100",
  yaohai: "340102",
  luyang: "340103",
  tongling: "340700",
  tongguan: "340705",
} as const;

export async function seedTree(host: AnjuHost): Promise<void> {
  const j = host.jurisdictions;
  await j.add({ code: TREE.province, name: "安徽省", level: "province" });
  await j.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.yaohai, name: "瑶海区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.luyang, name: "庐阳区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.tongling, name: "铜陵市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.tongguan, name: "铜官区", level: "county", parentCode: TREE.tongling });
}

/** Poll `check` until it returns a truthy value; throws after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

export function freePort(): Promise<number> {
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

export const NATS_SERVER = "/usr/sbin/nats-server";

/** A nats-server on its own port; `stop()` kills it, `start()` brings it back on the same port. */
export class NatsServer {
  private proc: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.proc) return;
    const proc = spawn(NATS_SERVER, ["-a", "127.0.0.1", "-p", String(this.port)], { stdio: "ignore" });
    this.proc = proc;
    proc.on("exit", () => { if (this.proc === proc) this.proc = null; });
    await waitFor(`nats-server on ${this.port}`, () => accepts(this.port), 10_000);
  }

  /** Kill the server (SIGKILL: an outage, not a polite shutdown) and wait until it is gone. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = null;
    await new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill("SIGKILL");
    });
  }
}

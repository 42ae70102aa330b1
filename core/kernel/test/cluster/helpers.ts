/**
 * Shared pieces of the multi-node tests: a throwaway nats-server per test file (never the
 * system one at 4222), node configs for createTestHost, and a bounded wait.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { ServiceBroker } from "moleculer";
import type { RequestContext } from "../../src/context/request-context.js";

export const NATS_SERVER = "/usr/sbin/nats-server";
export const CLUSTER_FIXTURES = path.join(__dirname, "../fixtures/cluster");
export const PROVINCE = "340000";
export const CITY = "340100";
export const CITY_USER: RequestContext = { principal: { id: "u-hefei", kind: "user" }, jurisdiction: CITY };
/** Long enough that, where it is used, a change can only have arrived by the broadcast. */
export const NO_POLLING_MS = 600_000;

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

/**
 * Wait until every broker knows every other one. A node that has not discovered a peer yet
 * does not send it broadcasts (that gap is what the generation poll covers), so tests that
 * check the broadcast start only once the nodes see each other.
 */
export async function waitForPeers(...brokers: ServiceBroker[]): Promise<void> {
  for (const broker of brokers) {
    for (const other of brokers) {
      if (other === broker) continue;
      await waitFor(`${broker.nodeID} to discover ${other.nodeID}`, () => broker.registry.nodes.get(other.nodeID)?.available === true);
    }
  }
}

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

export interface NodeOptions {
  nats: string;
  nodeId: string;
  /** Plugins whose services this node runs; [] = none (calls are routed to other nodes). */
  load: string[] | null;
  pollIntervalMs: number;
  requestTimeout?: number;
}

/** `config` for createTestHost: complete objects per top-level key (it merges shallowly). */
export function nodeConfig(o: NodeOptions): Record<string, unknown> {
  return {
    nodeId: o.nodeId,
    transporter: o.nats,
    broker: { requestTimeout: o.requestTimeout ?? 5000, logLevel: false },
    plugins: { dirs: [CLUSTER_FIXTURES], installDir: null, autoInstall: [], load: o.load, pollIntervalMs: o.pollIntervalMs },
  };
}

/** The error a promise rejects with (fails the test if it fulfils). */
export async function rejection(p: Promise<unknown>): Promise<{ type?: string; code?: number; name?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { type?: string; code?: number; name?: string; message: string };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

const REPO_ROOT = path.resolve(__dirname, "../../../..");

/** A host in a process of its own (node-a.ts); resolves once it printed READY. */
export class NodeProcess {
  private constructor(private readonly proc: ChildProcess) {}

  static async start(env: Record<string, string>, timeoutMs = 60_000): Promise<NodeProcess> {
    const proc = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "node-a.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    proc.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node process not ready after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      proc.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("READY")) { clearTimeout(timer); resolve(); }
      });
      proc.once("exit", (code) => { clearTimeout(timer); reject(new Error(`node process exited (${code}): ${stderr}`)); });
    });
    return new NodeProcess(proc);
  }

  /** SIGTERM (the host stops cleanly); SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const proc = this.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      proc.once("exit", () => { clearTimeout(timer); resolve(); });
      proc.kill("SIGTERM");
    });
  }
}

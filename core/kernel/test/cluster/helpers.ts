/**
 * Shared pieces of the multi-node tests: a throwaway nats-server per test file (never the
 * system one at 4222), node configs for createTestHost, and a bounded wait.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { ServiceBroker } from "moleculer";
import type { RequestContext } from "../../src/context/request-context.js";
import { waitFor } from "../../src/testing.js";

export { waitFor, freePort, NatsServer, NATS_SERVER } from "../../src/testing.js";

export const CLUSTER_FIXTURES = path.join(__dirname, "../fixtures/cluster");
export const PROVINCE = "340000";
export const CITY = "340100";
export const CITY_USER: RequestContext = { principal: { id: "u-hefei", kind: "user" }, jurisdiction: CITY };
/** Long enough that, where it is used, a change can only have arrived by the broadcast. */
export const NO_POLLING_MS = 600_000;

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

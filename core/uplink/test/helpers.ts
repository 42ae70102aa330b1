/**
 * Shared by the uplink suites: a throwaway nats-server with JetStream (own port, own store
 * directory, so a test can kill it and bring it back with its stream intact), and a community
 * and county database pair.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDataSource, createTestDatabase, type TestDatabase } from "@anju/data";
import { freePort, NATS_SERVER, waitFor } from "@anju/kernel/testing";
import type { DataSource } from "typeorm";
import { migrateInbox, migrateOutbox } from "../src/index.js";

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
    socket.on("error", () => resolve(false));
  });
}

export class JetStreamServer {
  private proc: ChildProcess | null = null;
  private constructor(readonly port: number, readonly storeDir: string) {}

  static async start(): Promise<JetStreamServer> {
    const s = new JetStreamServer(await freePort(), fs.mkdtempSync(path.join(os.tmpdir(), "anju-uplink-js-")));
    await s.start();
    return s;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.proc) return;
    const proc = spawn(NATS_SERVER, ["-a", "127.0.0.1", "-p", String(this.port), "-js", "-sd", this.storeDir], { stdio: "ignore" });
    this.proc = proc;
    proc.on("exit", () => { if (this.proc === proc) this.proc = null; });
    await waitFor(`nats-server on ${this.port}`, () => accepts(this.port), 15_000);
  }

  /** SIGKILL: an outage, not a polite shutdown. */
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

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.storeDir, { recursive: true, force: true });
  }
}

export interface Side { db: TestDatabase; ds: DataSource }

export async function communitySide(kind: "sqlite" | "mysql"): Promise<Side> {
  const db = await createTestDatabase(kind);
  const ds = await createDataSource({ url: db.url, entities: [] });
  await migrateOutbox(ds);
  return { db, ds };
}

export async function countySide(kind: "sqlite" | "mysql"): Promise<Side> {
  const db = await createTestDatabase(kind);
  const ds = await createDataSource({ url: db.url, entities: [] });
  await migrateInbox(ds);
  return { db, ds };
}

export async function dropSide(side: Side | undefined): Promise<void> {
  if (!side) return;
  await side.ds.destroy().catch(() => undefined);
  await side.db.drop();
}

/** Child-process nodes (fixtures/community.ts, fixtures/county.ts) that report JSON status lines. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { waitFor } from "@anju/kernel/testing";

export type Status = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- status lines differ per node

export class NodeProcess {
  last: Status = {};
  stderr = "";
  private exited: Promise<void>;

  private constructor(readonly name: string, readonly proc: ChildProcess) {
    readline.createInterface({ input: proc.stdout! }).on("line", (line) => {
      try {
        this.last = JSON.parse(line) as Status;
      } catch { /* not a status line */ }
    });
    proc.stderr!.on("data", (d: Buffer) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => proc.once("exit", () => resolve()));
  }

  static start(fixture: "community" | "county", env: Record<string, string>): NodeProcess {
    const proc = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "fixtures", `${fixture}.ts`)], {
      env: { ...process.env, ANJU_STATUS_MS: "250", ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    return new NodeProcess(fixture, proc);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Wait for a status line that satisfies `check`; fails early with the node's stderr if it dies. */
  until(what: string, check: (s: Status) => boolean, timeoutMs: number): Promise<Status> {
    return waitFor(`${this.name}: ${what}`, () => {
      if (!this.alive) throw new Error(`${this.name} exited: ${this.stderr.slice(-2000)}`);
      return check(this.last) ? this.last : null;
    }, timeoutMs, 100);
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.alive) this.proc.kill(signal);
    await this.exited;
  }
}

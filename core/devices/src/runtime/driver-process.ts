/**
 * One driver child process: fork, hello, decode requests in flight, heartbeat and memory
 * watch. It never restarts itself; it reports its end once (`onExit`) and the supervisor
 * decides what follows.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { RuntimeErrors } from "./errors.js";
import { CHILD_SCRIPT, childEnv, childExecArgv } from "./launch.js";
import { encodeBatch, parseChildMessage, type ChildMessage, type DecodeOutcome, type Serialization } from "./protocol.js";
import type { DriverSpec, RawMessage, RuntimeLogger, SupervisorLimits } from "./types.js";

const LOG_LINES_PER_SECOND = 50;

export interface Hello { driverId: string; protocol: string; profiles: unknown }

interface Pending { resolve(out: DecodeOutcome[]): void; reject(err: Error): void; timer: NodeJS.Timeout; size: number }

export interface DriverProcessHooks {
  logger: RuntimeLogger;
  /** The child ended or was killed (not after stop()); `reason` goes into lastError. */
  onExit(reason: string): void;
  onViolation(): void;
}

/** Resident set size from the kernel's view of the process (the child could lie about its own). */
function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export class DriverProcess {
  private child: ChildProcess | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private lastBeat = 0;
  private reportedRss = 0;
  private watch: NodeJS.Timeout | null = null;
  private ended = false;
  private stopping = false;
  private helloWaiter: { resolve(h: Hello): void; reject(e: Error): void } | null = null;

  constructor(
    private readonly spec: DriverSpec,
    private readonly limits: SupervisorLimits,
    private readonly channel: { serialization: Serialization; sandbox: boolean },
    private readonly hooks: DriverProcessHooks,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Fork and wait for the hello; rejects with DRIVER_START_FAILED (the child is gone then). */
  start(): Promise<Hello> {
    const memoryMb = this.spec.memoryMb ?? this.limits.memoryMb;
    const execArgv = childExecArgv(this.spec.pluginId, this.spec.dir, this.spec.entry, memoryMb, this.channel.sandbox);
    return new Promise<Hello>((resolve, reject) => {
      const timer = setTimeout(() => this.kill(`no hello within ${this.limits.startTimeoutMs} ms`), this.limits.startTimeoutMs);
      this.helloWaiter = {
        resolve: (h) => { clearTimeout(timer); this.helloWaiter = null; resolve(h); },
        reject: (e) => { clearTimeout(timer); this.helloWaiter = null; reject(e); },
      };
      const child = fork(CHILD_SCRIPT, [this.spec.entry, String(this.limits.heartbeatMs), this.channel.serialization], {
        cwd: this.spec.dir,
        env: childEnv(this.spec.entry, this.channel.sandbox),
        execArgv,
        serialization: this.channel.serialization,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      this.child = child;
      this.lastBeat = Date.now();
      child.on("message", (raw) => this.onMessage(raw));
      child.on("exit", (code, signal) => this.end(signal ? `exited on ${signal}` : `exited with code ${code}`));
      child.on("error", (err) => this.end(`process error: ${err.message}`));
      this.pipeOutput(child);
      this.watch = setInterval(() => this.checkHealth(), Math.max(10, Math.min(this.limits.heartbeatMs, 1000)));
    });
  }

  decode(batch: readonly RawMessage[]): Promise<DecodeOutcome[]> {
    const child = this.child;
    if (!child || this.ended || this.helloWaiter) return Promise.reject(this.unavailable("not running", false));
    const id = this.nextId++;
    return new Promise<DecodeOutcome[]>((resolve, reject) => {
      const timer = setTimeout(() => this.kill(`decode took longer than ${this.limits.decodeTimeoutMs} ms`), this.limits.decodeTimeoutMs);
      this.pending.set(id, { resolve, reject, timer, size: batch.length });
      child.send(encodeBatch(id, batch, this.channel.serialization), (err) => {
        if (err) this.kill(`IPC send failed: ${err.message}`);
      });
    });
  }

  /** Ask the child to exit; SIGKILL after graceMs. No onExit afterwards. */
  async stop(graceMs = 2000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || this.ended) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (child.connected) child.send({ t: "stop" }, () => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kill now (hung, over memory, protocol breach); the exit that follows carries `reason`. */
  kill(reason: string): void {
    if (this.ended) return;
    this.end(reason);
    this.child?.kill("SIGKILL");
  }

  /**
   * `inFlight`: the batch was with the child when it went down. A batch that keeps coming back
   * so may be what kills the driver (a poison message); the caller can count and set it aside.
   */
  private unavailable(reason: string, inFlight: boolean): Error {
    return RuntimeErrors.DRIVER_UNAVAILABLE({ pluginId: this.spec.pluginId, reason, inFlight });
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.watch) clearInterval(this.watch);
    // A child that outlived its end (kill after a missed heartbeat) must not linger.
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(this.unavailable(reason, true));
    }
    this.pending.clear();
    if (this.helloWaiter) {
      this.helloWaiter.reject(RuntimeErrors.DRIVER_START_FAILED({ pluginId: this.spec.pluginId, error: reason }));
      return;
    }
    if (!this.stopping) this.hooks.onExit(reason);
  }

  private onMessage(raw: unknown): void {
    const msg = parseChildMessage(raw);
    if (!msg) return this.hooks.onViolation();
    this.lastBeat = Date.now();
    this.handle(msg);
  }

  private handle(msg: ChildMessage): void {
    switch (msg.t) {
      case "hello":
        if (!this.helloWaiter) return this.hooks.onViolation();
        return this.helloWaiter.resolve({ driverId: msg.driverId, protocol: msg.protocol, profiles: msg.profiles });
      case "hb":
        this.reportedRss = msg.rss;
        return;
      case "result": {
        const p = this.pending.get(msg.id);
        if (!p) return this.hooks.onViolation();
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        // One outcome per raw message, or the answer is not one.
        if (msg.out.length !== p.size) {
          this.hooks.onViolation();
          return p.resolve(Array.from({ length: p.size }, () => ({ error: { code: "DRIVER_PROTOCOL", message: "the driver answered a different number of messages" } })));
        }
        return p.resolve(msg.out);
      }
      case "log":
        return this.log(msg.level, msg.msg);
      case "load-error":
      case "fatal":
        // The exit follows; its reason is the driver's own words.
        return this.end(msg.message.split("\n")[0].slice(0, 500));
    }
  }

  private checkHealth(): void {
    if (this.ended || !this.child?.pid) return;
    const now = Date.now();
    if (!this.helloWaiter && now - this.lastBeat > this.limits.heartbeatTimeoutMs) {
      return this.kill(`no heartbeat for ${now - this.lastBeat} ms`);
    }
    const limitBytes = ((this.spec.memoryMb ?? this.limits.memoryMb) + this.limits.rssHeadroomMb) * 1024 * 1024;
    const rss = rssOf(this.child.pid) ?? this.reportedRss;
    if (rss > limitBytes) this.kill(`memory ${Math.round(rss / 1048576)} MB over the limit of ${Math.round(limitBytes / 1048576)} MB`);
  }

  /**
   * Driver output goes to the host log, a line at a time and cut short, never to the host's
   * stdout; past LOG_LINES_PER_SECOND a second, lines are counted instead (a chatty driver must
   * not drown the host's log).
   */
  private pipeOutput(child: ChildProcess): void {
    const forward = (level: "info" | "warn") => (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.log(level, line);
    };
    child.stdout?.on("data", forward("info"));
    child.stderr?.on("data", forward("warn"));
  }

  private logWindow = { second: 0, lines: 0, suppressed: 0 };

  private log(level: "info" | "warn" | "error", line: string): void {
    const w = this.logWindow;
    const second = Math.floor(Date.now() / 1000);
    if (second !== w.second) {
      if (w.suppressed) this.hooks.logger.warn(`[driver ${this.spec.pluginId}] ${w.suppressed} more lines not logged`);
      this.logWindow = { second, lines: 0, suppressed: 0 };
    }
    if (++this.logWindow.lines > LOG_LINES_PER_SECOND) {
      this.logWindow.suppressed++;
      return;
    }
    this.hooks.logger[level](`[driver ${this.spec.pluginId}] ${line.slice(0, 500)}`);
  }
}

/**
 * Live alarms for the console as server-sent events. moleculer-web pipes a readable stream an
 * action returns straight to the response (and destroys it when the client goes), so the
 * stream action hands back a PassThrough that this hub writes `event: alarm` frames into,
 * only for alarms in the subscriber's jurisdiction subtree. A comment line every 15 s keeps
 * proxies from closing an idle connection.
 */
import { PassThrough } from "node:stream";
import { sees, type Caller } from "../caller.js";
import type { AlarmEvent } from "./events.js";

const KEEPALIVE_MS = 15_000;

export class AlarmStreams {
  private readonly subscribers = new Set<{ caller: Caller; out: PassThrough }>();
  private keepalive: NodeJS.Timeout | null = null;

  open(caller: Caller): PassThrough {
    const out = new PassThrough();
    const sub = { caller, out };
    this.subscribers.add(sub);
    const drop = () => { this.subscribers.delete(sub); this.idleCheck(); };
    out.on("close", drop);
    out.on("error", drop);
    out.write("retry: 3000\n: 已连接 / connected\n\n");
    if (!this.keepalive) {
      this.keepalive = setInterval(() => { for (const s of this.subscribers) s.out.write(": keepalive\n\n"); }, KEEPALIVE_MS);
      this.keepalive.unref();
    }
    return out;
  }

  publish(e: AlarmEvent): void {
    if (!this.subscribers.size) return;
    const frame = `id: ${e.alarm.id}:${e.event}:${e.at}\nevent: alarm\ndata: ${JSON.stringify({ event: e.event, alarm: e.alarm, by: e.by, at: e.at })}\n\n`;
    for (const s of this.subscribers) if (sees(s.caller, e.jurisdictionPath)) s.out.write(frame);
  }

  get size(): number {
    return this.subscribers.size;
  }

  closeAll(): void {
    for (const s of this.subscribers) s.out.end();
    this.subscribers.clear();
    this.idleCheck();
  }

  private idleCheck(): void {
    if (!this.subscribers.size && this.keepalive) {
      clearInterval(this.keepalive);
      this.keepalive = null;
    }
  }
}

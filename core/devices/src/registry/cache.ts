/**
 * Devices by code for the pipeline: one database read per code, then memory. Unknown codes are
 * remembered briefly too, so a flood of messages for a device nobody registered costs no
 * query each. Changes made on any node invalidate the entry (event `devices.device.changed`).
 */
import { asSystem } from "@anju/data";
import type { DataSource } from "typeorm";
import { allDevices, deviceByCode, type Device } from "./store.js";

const UNKNOWN_TTL_MS = 5000;

export class DeviceCache {
  private readonly known = new Map<string, Device>();
  private readonly unknown = new Map<string, number>();
  private readonly loading = new Map<string, Promise<Device | null>>();

  constructor(private readonly ds: DataSource) {}

  async loadAll(): Promise<void> {
    for (const d of await asSystem("devices: load registry", () => allDevices(this.ds))) this.known.set(d.code, d);
  }

  /** Synchronous view (null when not known yet: call `get`). */
  peek(code: string): Device | undefined {
    return this.known.get(code);
  }

  async get(code: string): Promise<Device | null> {
    const hit = this.known.get(code);
    if (hit) return hit;
    const miss = this.unknown.get(code);
    if (miss && miss > Date.now()) return null;
    let p = this.loading.get(code);
    if (!p) {
      p = asSystem("devices: find device", () => deviceByCode(this.ds, code)).finally(() => this.loading.delete(code));
      this.loading.set(code, p);
    }
    const found = await p;
    if (found) this.known.set(code, found);
    else {
      if (this.unknown.size > 100_000) this.unknown.clear();
      this.unknown.set(code, Date.now() + UNKNOWN_TTL_MS);
    }
    return found;
  }

  invalidate(code: string): void {
    this.known.delete(code);
    this.unknown.delete(code);
  }

  /** Keep the pipeline's view of link state (and a backfilled category) without a read. */
  patch(code: string, change: Partial<Pick<Device, "state" | "lastSeenAt" | "category">>): void {
    const d = this.known.get(code);
    if (d) Object.assign(d, change);
  }

  all(): IterableIterator<Device> {
    return this.known.values();
  }
}

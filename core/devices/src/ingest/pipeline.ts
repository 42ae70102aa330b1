/**
 * Message → device → driver → readings. A message is checked before any driver sees it (size,
 * topic shape, registered device, the device's jurisdiction is the topic's), queued per driver
 * plugin, and decoded in batches through the driver runtime. What a driver returns is checked
 * again: readings only for the devices the batch's topics named (a driver cannot write into
 * another device, let alone another jurisdiction), no replays. Every refusal is counted with
 * its reason; none stops the valid messages around it.
 */
import { RejectReasons, type DevicesLimits } from "../constants.js";
import type { DecodeBatchResult, DeviceProfile, DriverGateway, RawMessage } from "../contract.js";
import type { DeviceCache } from "../registry/cache.js";
import type { Device } from "../registry/store.js";
import type { RejectionCounters } from "./counters.js";
import { parseTopic } from "./topic.js";
import type { BatchWriter, WriteItem } from "./writer.js";

interface Queued extends RawMessage { device: Device }

const DECODES_IN_FLIGHT = 4;
/** Readings waiting for the writer, in batches, before decoding pauses. */
const WRITER_AHEAD = 40;

/**
 * Remembers recent reading keys in two generations: when the young one is full it becomes the
 * old one and the oldest generation is dropped. (Deleting a Set's first entry one at a time
 * looked simpler, but V8 then walks every deleted slot to find the next first entry: O(n) per
 * reading once the set is full, which stalled ingestion under load.)
 */
class RecentKeys {
  private young = new Set<string>();
  private old = new Set<string>();
  constructor(private readonly max: number) {}
  /** True when the key was new. */
  add(key: string): boolean {
    if (this.young.has(key) || this.old.has(key)) return false;
    this.young.add(key);
    if (this.young.size >= this.max / 2) {
      this.old = this.young;
      this.young = new Set();
    }
    return true;
  }
}

export class IngestPipeline {
  private readonly queues = new Map<string, Queued[]>();
  private readonly busy = new Set<string>();
  /** Messages per decode batch, per driver (smaller while isolating a message that crashes it). */
  private readonly decodeSize = new Map<string, number>();
  private readonly strikes = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private queued = 0;
  private readonly recent: RecentKeys;
  private stopped = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly prefix: string,
    private readonly limits: DevicesLimits,
    private readonly devices: DeviceCache,
    private readonly drivers: DriverGateway,
    private readonly profileOf: (device: Device) => DeviceProfile | undefined,
    private readonly writer: BatchWriter,
    private readonly counters: RejectionCounters,
    private readonly log: { warn(msg: string): void },
  ) {
    this.recent = new RecentKeys(limits.replayMemory);
  }

  get pending(): number {
    return this.queued;
  }

  /** Entry from MQTT (synchronous on the hot path when the device is cached). */
  accept(topic: string, payload: Buffer, receivedAt: number): void {
    if (this.stopped) return;
    this.counters.accepted++;
    if (payload.length > this.limits.maxPayloadBytes) {
      this.counters.reject(RejectReasons.tooLarge, `${topic}: ${payload.length} bytes`);
      return;
    }
    const parts = parseTopic(this.prefix, topic);
    if (!parts) {
      this.counters.reject(RejectReasons.topic, topic.slice(0, 200));
      return;
    }
    if (this.queued >= this.limits.maxQueuedMessages) {
      this.counters.reject(RejectReasons.overload, `${this.queued} messages waiting`);
      return;
    }
    const cached = this.devices.peek(parts.deviceCode);
    if (cached) {
      this.route(cached, parts.jurisdiction, { topic, payload, receivedAt });
      return;
    }
    this.queued++;
    void this.devices.get(parts.deviceCode).then((device) => {
      this.queued--;
      if (!device) this.counters.reject(RejectReasons.unknownDevice, topic.slice(0, 200));
      else this.route(device, parts.jurisdiction, { topic, payload, receivedAt });
    }, (err: Error) => {
      this.queued--;
      this.log.warn(`设备查询失败 / device lookup failed: ${err.message}`);
      this.counters.reject(RejectReasons.unknownDevice, `${topic.slice(0, 200)}: lookup failed`);
    });
  }

  private route(device: Device, topicJurisdiction: string, msg: RawMessage): void {
    if (device.jurisdiction !== topicJurisdiction) {
      this.counters.reject(RejectReasons.jurisdiction, `${msg.topic.slice(0, 200)} (device is in ${device.jurisdiction})`);
      return;
    }
    const pluginId = device.driverPluginId;
    let q = this.queues.get(pluginId);
    if (!q) this.queues.set(pluginId, (q = []));
    q.push({ ...msg, device });
    this.queued++;
    this.schedule(pluginId);
  }

  private schedule(pluginId: string): void {
    if (this.busy.has(pluginId) || this.stopped) return;
    const q = this.queues.get(pluginId);
    if (!q?.length) return;
    if (q.length >= this.limits.batchRows) {
      void this.pump(pluginId);
    } else if (!this.timers.has(pluginId)) {
      this.timers.set(pluginId, setTimeout(() => { this.timers.delete(pluginId); void this.pump(pluginId); }, this.limits.flushMs));
    }
  }

  /**
   * Up to DECODES_IN_FLIGHT batches go to the driver at once (its process works while this one
   * waits), and their results are taken in order, so readings reach the alarm engine in the
   * order they arrived. A failed batch and the ones after it are decoded again.
   */
  private async pump(pluginId: string): Promise<void> {
    if (this.busy.has(pluginId)) return;
    this.busy.add(pluginId);
    const q = this.queues.get(pluginId)!;
    try {
      while (q.length && !this.stopped) {
        // Back-pressure: decode no further ahead of the database than WRITER_AHEAD batches.
        while (this.writer.pending > this.limits.batchRows * WRITER_AHEAD && !this.stopped) await new Promise((r) => setTimeout(r, this.limits.flushMs * 2));
        const size = this.decodeSize.get(pluginId) ?? this.limits.batchRows;
        const batches: Queued[][] = [];
        for (let i = 0; i < DECODES_IN_FLIGHT && i * size < q.length; i++) batches.push(q.slice(i * size, (i + 1) * size));
        const pending = batches.map((b) => this.request(pluginId, b).then((r) => ({ ok: true as const, r }), (err: Error) => ({ ok: false as const, err })));
        let done = 0;
        for (const [i, p] of pending.entries()) {
          const answer = await p;
          if (!answer.ok) {
            // The driver is down or restarting: keep the batch, try again shortly.
            this.log.warn(`驱动 ${pluginId} 暂不可用，稍后重试 / driver ${pluginId} unavailable, retrying: ${answer.err.message}`);
            await Promise.allSettled(pending.slice(i + 1));
            if (i === 0 && (answer.err as { data?: { inFlight?: unknown } }).data?.inFlight === true) done += this.struck(pluginId, q);
            await new Promise((r) => setTimeout(r, this.limits.retryMs));
            break;
          }
          this.take(pluginId, batches[i], answer.r);
          done += batches[i].length;
          this.strikes.delete(pluginId);
          if (size < this.limits.batchRows) this.decodeSize.set(pluginId, Math.min(this.limits.batchRows, size * 2));
        }
        q.splice(0, done);
        this.queued -= done;
      }
    } finally {
      this.busy.delete(pluginId);
      if (q.length) this.schedule(pluginId);
      else if (this.queued === 0) for (const f of this.idle.splice(0)) f();
    }
  }

  /**
   * The head batch was with the driver when it died. Twice in a row: decode smaller batches
   * (halving) until the message that kills the driver is alone, then refuse that message
   * (counted DRIVER_CRASHED) so the rest flows. Returns how many messages were dropped.
   */
  private struck(pluginId: string, q: Queued[]): number {
    const strikes = (this.strikes.get(pluginId) ?? 0) + 1;
    this.strikes.set(pluginId, strikes);
    if (strikes < 2) return 0;
    this.strikes.delete(pluginId);
    const size = this.decodeSize.get(pluginId) ?? this.limits.batchRows;
    if (size > 1) {
      this.decodeSize.set(pluginId, Math.ceil(size / 2));
      return 0;
    }
    const [poison] = q.splice(0, 1);
    this.queued--;
    this.counters.reject(RejectReasons.driverCrashed, `${pluginId} died decoding ${poison.topic.slice(0, 200)} (${poison.payload.length} bytes)`);
    return 0;
  }

  private request(pluginId: string, batch: Queued[]): Promise<DecodeBatchResult> {
    const named = new Map<string, Device>();
    for (const m of batch) named.set(m.device.code, m.device);
    return this.drivers.decode(pluginId, batch.map(({ topic, payload, receivedAt }) => ({ topic, payload, receivedAt })),
      (code) => { const d = named.get(code); return d ? this.profileOf(d) : undefined; });
  }

  private take(pluginId: string, batch: Queued[], result: DecodeBatchResult): void {
    const named = new Map<string, Device>();
    for (const m of batch) named.set(m.device.code, m.device);
    for (const r of result.rejected) this.counters.reject(r.code, `${r.topic.slice(0, 200)}: ${r.reason}`);
    const items: WriteItem[] = [];
    const lastReceived = batch[batch.length - 1].receivedAt;
    result.readings.forEach((reading, i) => {
      // With origins (the runtime gives them) a reading must name the device its topic named;
      // without, at least a device one of the batch's topics named.
      const origin = result.origins?.[i];
      const device = origin === undefined ? named.get(reading.deviceCode)
        : batch[origin]?.device.code === reading.deviceCode ? batch[origin].device : undefined;
      if (!device) {
        this.counters.reject(RejectReasons.foreignReading, `${pluginId} returned a reading for ${String(reading.deviceCode).slice(0, 64)}`);
        return;
      }
      if (!this.recent.add(`${reading.deviceCode}|${reading.resource}|${reading.ts}`)) {
        this.counters.reject(RejectReasons.replay, `${reading.deviceCode}/${reading.resource}@${reading.ts}`);
        return;
      }
      items.push({ reading, device, receivedAt: origin === undefined ? lastReceived : batch[origin].receivedAt });
    });
    if (items.length) this.writer.push(items);
  }

  /** Resolves once every message accepted so far has been decoded and handed to the writer. */
  drained(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

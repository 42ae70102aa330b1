/**
 * A driver gateway that runs driver definitions inside this process — for this package's tests
 * and benchmarks only (the host runs drivers in child processes through the driver runtime).
 * It follows the runtime's `decode` contract: every message decoded on its own, a throw
 * becomes a rejection with the driver's code (DecodeError) or DRIVER_ERROR, and what the driver
 * returned is checked like the SDK's normalizeReadings does.
 */
import type { DecodeBatchResult, DeviceProfile, DriverGateway, DriverStatusLike, RawMessage, Reading } from "../contract.js";

export interface InProcessDriver {
  id: string;
  profiles: DeviceProfile[];
  decode(topic: string, payload: Buffer): unknown;
}

const MAX_AGE_MS = 7 * 24 * 3600_000;
const MAX_SKEW_MS = 5 * 60_000;

export function checkReadings(raw: unknown, now: number, profileOf?: (code: string) => DeviceProfile | undefined): { readings: Reading[]; rejected: Array<{ code: string; reason: string }> } {
  const readings: Reading[] = [];
  const rejected: Array<{ code: string; reason: string }> = [];
  if (!Array.isArray(raw)) return { readings, rejected: [{ code: "DRIVER_OUTPUT_INVALID", reason: "decode did not return a list" }] };
  for (const r of raw as unknown[]) {
    const o = r as Record<string, unknown>;
    if (typeof o !== "object" || o === null) { rejected.push({ code: "DRIVER_OUTPUT_INVALID", reason: "reading is not an object" }); continue; }
    if (typeof o.deviceCode !== "string" || !o.deviceCode || o.deviceCode.length > 64) { rejected.push({ code: "FIELD_TYPE", reason: "deviceCode" }); continue; }
    if (typeof o.resource !== "string" || !o.resource) { rejected.push({ code: "FIELD_TYPE", reason: "resource" }); continue; }
    const spec = profileOf?.(o.deviceCode)?.resources.find((x) => x.name === o.resource);
    if (profileOf?.(o.deviceCode) && !spec) { rejected.push({ code: "RESOURCE_UNKNOWN", reason: o.resource }); continue; }
    const kind = spec?.kind ?? typeof o.value;
    if (typeof o.value !== kind || !["number", "boolean", "string"].includes(kind)) { rejected.push({ code: "FIELD_TYPE", reason: `value of ${o.resource}` }); continue; }
    if (typeof o.value === "number" && !Number.isFinite(o.value)) { rejected.push({ code: "VALUE_NOT_FINITE", reason: String(o.value) }); continue; }
    if (typeof o.ts !== "number" || !Number.isFinite(o.ts)) { rejected.push({ code: "FIELD_TYPE", reason: "ts" }); continue; }
    if (o.ts > now + MAX_SKEW_MS || o.ts < now - MAX_AGE_MS) { rejected.push({ code: "TS_OUT_OF_RANGE", reason: new Date(o.ts).toISOString() }); continue; }
    readings.push({
      deviceCode: o.deviceCode, resource: o.resource, ts: Math.trunc(o.ts), value: o.value as Reading["value"],
      unit: typeof o.unit === "string" ? o.unit : spec?.unit, quality: o.quality === "bad" || o.quality === "uncertain" ? o.quality : "good",
    });
  }
  return { readings, rejected };
}

export class InProcessDrivers implements DriverGateway {
  private readonly drivers = new Map<string, InProcessDriver>();
  /** Set to make decode fail as if the child were restarting. */
  unavailable = false;

  add(pluginId: string, driver: InProcessDriver): this {
    this.drivers.set(pluginId, driver);
    return this;
  }

  status(): DriverStatusLike[] {
    return [...this.drivers].map(([pluginId, d]) => ({ pluginId, state: "running", profiles: d.profiles }));
  }

  async decode(pluginId: string, batch: RawMessage[], profileOf?: (deviceCode: string) => DeviceProfile | undefined): Promise<DecodeBatchResult> {
    const driver = this.drivers.get(pluginId);
    if (!driver || this.unavailable) throw Object.assign(new Error(`driver ${pluginId} unavailable`), { type: "DRIVER_UNAVAILABLE" });
    const out: DecodeBatchResult = { readings: [], rejected: [] };
    const now = Date.now();
    for (const m of batch) {
      let raw: unknown;
      try {
        raw = driver.decode(m.topic, m.payload);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        out.rejected.push({ topic: m.topic, code: typeof code === "string" ? code : "DRIVER_ERROR", reason: String((err as Error).message).slice(0, 200) });
        continue;
      }
      const checked = checkReadings(raw, now, profileOf);
      out.readings.push(...checked.readings);
      for (const r of checked.rejected) out.rejected.push({ topic: m.topic, ...r });
    }
    return out;
  }
}

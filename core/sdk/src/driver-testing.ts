/**
 * @anju/sdk/driver-testing — a vendor's local harness. It runs decode, normalisation and the
 * alarm engine exactly as the host does, on a clock the test moves, so `npm test` in a driver
 * package shows the readings, rejections and alarms the platform would show.
 */
import { AlarmEngine, type AlarmRule, type AlarmTransition } from "@anju/alarms";
import { decodeMessage } from "./driver-decode.js";
import type { DeviceProfile, DriverDefinition, Reading, Rejection } from "./driver-types.js";

export interface DriverHarnessOptions {
  /** Which profile a device has (by profile id). Default: the driver's only profile, if it has one. */
  profileOf?: (deviceCode: string) => string | undefined;
  /** The clock's start, ms epoch (default: now). Recorded payloads carry their own times: start near them. */
  start?: number;
  maxAgeMs?: number;
  maxSkewMs?: number;
  maxPayloadBytes?: number;
}

export interface FeedResult { readings: Reading[]; rejected: Rejection[]; alarms: AlarmTransition[] }

export interface DriverHarness {
  /** One MQTT message: a Buffer as is, a string as its UTF-8 bytes, anything else as JSON. With `at`, the clock first moves there. */
  feed(topic: string, payload: Buffer | string | object, at?: number): FeedResult;
  /** Move the clock and let time-driven rules (offline, duration, repeat windows) act. */
  advance(ms: number): AlarmTransition[];
  /** Alarms raised and not yet cleared, oldest first. */
  openAlarms(): AlarmTransition[];
  now(): number;
  /** The engine state the host would persist. */
  engineState(): unknown;
}

/** "AA 01 00 …" or "aa0100…" → bytes: recorded binary payloads stay readable in fixtures. */
export function hex(text: string): Buffer {
  const clean = text.replace(/\s+/g, "");
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not hex bytes: ${text.slice(0, 40)}`);
  return Buffer.from(clean, "hex");
}

export function createDriverHarness(driver: DriverDefinition, opts: DriverHarnessOptions = {}): DriverHarness {
  const byId = new Map<string, DeviceProfile>(driver.profiles.map((p) => [p.id, p]));
  const only = driver.profiles.length === 1 ? driver.profiles[0] : undefined;
  const profileOf = (deviceCode: string): DeviceProfile | undefined => {
    if (!opts.profileOf) return only;
    const id = opts.profileOf(deviceCode);
    return id === undefined ? undefined : byId.get(id);
  };
  const engine = new AlarmEngine();
  const devices = new Map<string, readonly AlarmRule[]>();
  const open = new Map<string, AlarmTransition>();
  let clock = opts.start ?? Date.now();

  const record = (ts: AlarmTransition[]): AlarmTransition[] => {
    for (const t of ts) {
      const key = `${t.deviceCode}\u0000${t.ruleId}`;
      if (t.type === "raise") open.set(key, t);
      else open.delete(key);
    }
    return ts;
  };
  const advance = (ms: number): AlarmTransition[] => {
    if (!(ms >= 0)) throw new RangeError("the harness clock only moves forward");
    clock += ms;
    // Deadlines are computed, not sampled: one tick here equals the host's periodic ticks.
    return record(engine.tick(clock, Array.from(devices, ([deviceCode, rules]) => ({ deviceCode, rules }))));
  };

  return {
    feed(topic, payload, at) {
      const alarms = at === undefined ? [] : advance(at - clock);
      const buf = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload), "utf8");
      const { readings, rejected } = decodeMessage(driver, topic, buf, {
        now: clock, profileOf, maxAgeMs: opts.maxAgeMs, maxSkewMs: opts.maxSkewMs, maxPayloadBytes: opts.maxPayloadBytes,
      });
      for (const r of readings) {
        const rules = profileOf(r.deviceCode)?.alarmRules ?? [];
        devices.set(r.deviceCode, rules);
        alarms.push(...record(engine.evaluate(r, rules)));
      }
      return { readings, rejected, alarms };
    },
    advance,
    openAlarms: () => [...open.values()].sort((a, b) => a.ts - b.ts),
    now: () => clock,
    engineState: () => engine.snapshot(),
  };
}

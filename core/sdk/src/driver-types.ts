/** The shapes a device driver and the host agree on (issue #7). */
import type { AlarmRule, I18nText } from "@anju/alarms";

export type Quality = "good" | "uncertain" | "bad";
export type ReadingValue = number | boolean | string;

export interface Reading {
  deviceCode: string;
  /** ms since the epoch. */
  ts: number;
  resource: string;
  value: ReadingValue;
  unit?: string;
  quality: Quality;
}

/**
 * What `decode` returns per reading. `ts` may be left out when the device sends no time of its
 * own: the host then uses the time it received the message. `value` is the raw register value
 * when the resource declares a `scale`.
 */
export type RawReading = Omit<Reading, "quality" | "ts"> & { ts?: number; quality?: Quality };

export interface ResourceSpec {
  name: string;
  kind: "number" | "boolean" | "string";
  unit?: string;
  /** Bounds of a plausible value (after scale); outside them a reading is kept as "uncertain". */
  min?: number;
  max?: number;
  /** Multiplier from the raw value the driver returns to the value in `unit`. */
  scale?: number;
  title?: I18nText;
}

/**
 * What a device is, across vendors: the host counts registered devices by it (e.g. a safety
 * checklist's "smoke detectors installed") without knowing every vendor's profile ids.
 * "other" is for a device none of these fits.
 */
export const DEVICE_CATEGORIES = [
  "smoke-detector", "electricity-monitor", "water-pressure", "transmission-device", "elevator-terminal",
  "access-controller", "camera", "perimeter-sensor", "household-alarm", "other",
] as const;
export type DeviceCategory = (typeof DEVICE_CATEGORIES)[number];

export interface DeviceProfile {
  id: string;
  title: I18nText;
  /** One of DEVICE_CATEGORIES; a profile without one is counted as "other". */
  category?: DeviceCategory;
  resources: ResourceSpec[];
  /** Default rules for devices of this profile; thresholds compare scaled values. */
  alarmRules: AlarmRule[];
}

export interface DriverCommand { deviceCode: string; name: string; args?: Record<string, unknown> }

export interface DriverDefinition {
  id: string;
  protocol: string;
  profiles: DeviceProfile[];
  /** Raw MQTT message → readings (may be several), or throw DecodeError. */
  decode(topic: string, payload: Buffer): RawReading[];
  encode?(command: DriverCommand): { topic: string; payload: Buffer };
}

/** A message or reading the host did not accept: a stable code (REJECTION_MESSAGES) and a detail. */
export interface Rejection { code: string; reason: string; deviceCode?: string; resource?: string }

export interface NormalizeOptions {
  /** The receive time: the reference for the plausible-time window and the time of readings without one. */
  now: number;
  profileOf?: (deviceCode: string) => DeviceProfile | undefined;
  /** Oldest accepted reading, before now (default 7 days). */
  maxAgeMs?: number;
  /** Furthest accepted reading into the future (default 5 minutes: device clocks drift). */
  maxSkewMs?: number;
  /** Readings beyond this many in one message are refused as one rejection (default 1000). */
  maxReadings?: number;
}

export interface NormalizeResult { readings: Reading[]; rejected: Rejection[] }

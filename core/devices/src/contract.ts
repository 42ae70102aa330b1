/**
 * The types this package shares with @anju/alarms, @anju/sdk's driver API and the driver
 * runtime (see the device-platform contract). Kept in one place so the rest of the package
 * imports them from here while those packages are written; these are the contract's shapes.
 */
export type Severity = "info" | "minor" | "major" | "critical";
export interface I18nText { "zh-CN": string; en: string }
export type ReadingValue = number | boolean | string;
export type Quality = "good" | "uncertain" | "bad";

export interface Reading { deviceCode: string; ts: number; resource: string; value: ReadingValue; unit?: string; quality: Quality }

/** Rules are validated by @anju/alarms; this package only passes them through. */
export interface AlarmRuleLike { id: string; resource: string; severity: Severity; title: I18nText; kind: string }

export interface ResourceSpecLike { name: string; kind: "number" | "boolean" | "string"; unit?: string }
export interface DeviceProfile { id: string; title: I18nText; resources: ResourceSpecLike[]; alarmRules: AlarmRuleLike[] }

export interface AlarmTransition {
  type: "raise" | "clear"; deviceCode: string; ruleId: string; kind: string;
  severity: Severity; resource: string; ts: number; value?: ReadingValue; title: I18nText;
}

export interface AlarmEngineLike {
  evaluate(reading: Reading, rules: readonly AlarmRuleLike[]): AlarmTransition[];
  tick(now: number, devices: Iterable<{ deviceCode: string; rules: readonly AlarmRuleLike[] }>): AlarmTransition[];
  snapshotDevice(deviceCode: string): unknown;
  restoreDevice(deviceCode: string, state: unknown): void;
}

export interface RawMessage { topic: string; payload: Buffer; receivedAt: number }
export interface DecodeBatchResult { readings: Reading[]; rejected: Array<{ topic: string; code: string; reason: string }> }

export interface DriverStatusLike { pluginId: string; state: string; profiles: DeviceProfile[] }

/**
 * What ingestion needs of the driver runtime: DriverSupervisor has this shape. `decode`
 * rejects (coded DRIVER_UNAVAILABLE) when the driver is down; the caller keeps the batch.
 */
export interface DriverGateway {
  decode(pluginId: string, batch: RawMessage[], profileOf?: (deviceCode: string) => DeviceProfile | undefined): Promise<DecodeBatchResult>;
  status(): DriverStatusLike[];
}

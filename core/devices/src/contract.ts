/**
 * The types this package shares with @anju/alarms, @anju/sdk's driver API and the driver
 * runtime (see the device-platform contract), gathered so the rest of the package imports
 * them from one place.
 */
import type { AlarmEngine } from "@anju/alarms";
import type { DriverSupervisor } from "./runtime/index.js";

export type { AlarmRule, AlarmTransition, I18nText, Severity } from "@anju/alarms";
export type { DeviceProfile, Reading, ReadingValue } from "@anju/sdk/driver";
export type { DecodeBatchResult, DriverStatus, RawMessage } from "./runtime/index.js";

export type AlarmEngineLike = Pick<AlarmEngine, "evaluate" | "tick" | "snapshotDevice" | "restoreDevice">;

/**
 * What ingestion needs of the driver runtime (DriverSupervisor). `decode` rejects (coded
 * DRIVER_UNAVAILABLE) when the driver is down; the caller keeps the batch and retries.
 */
export type DriverGateway = Pick<DriverSupervisor, "decode" | "status">;

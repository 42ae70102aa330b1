/**
 * The device driver API (@anju/sdk, also `@anju/sdk/driver` for driver processes, which then
 * load neither the kernel nor the database layer).
 */
export { defineDriver, validateDeviceProfiles, DEVICE_PROFILE_SCHEMA } from "./driver-define.js";
export { normalizeReadings } from "./driver-normalize.js";
export { decodeMessage } from "./driver-decode.js";
export type { DecodeOptions } from "./driver-decode.js";
export { DEVICE_CATEGORIES } from "./driver-types.js";
export { DecodeError, DriverErrors, REJECTION_CODES, REJECTION_MESSAGES } from "./driver-errors.js";
export type { RejectionCode } from "./driver-errors.js";
export type {
  Quality, Reading, RawReading, ReadingValue, ResourceSpec, DeviceProfile, DeviceCategory, DriverCommand, DriverDefinition, Rejection, NormalizeOptions, NormalizeResult,
} from "./driver-types.js";
export type { AlarmRule, AlarmTransition, Severity } from "@anju/alarms";

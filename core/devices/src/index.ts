/** @anju/devices — device registry, MQTT ingestion, batched readings, alarms and their live stream. */
export { devicesModule } from "./module.js";
export { devicesService } from "./service.js";
export { DevicesActions, DevicesPermissions, DevicesAuditActions, AlarmEvents, DEVICES_ROUTES, DEFAULT_LIMITS, RejectReasons, Tables, EVENT_ALARM_KIND } from "./constants.js";
export type { DevicesLimits, AlarmEventName } from "./constants.js";
export { DevicesErrors } from "./errors.js";
export type { DevicesErrorCode } from "./errors.js";
export { migrateDevices, DEVICES_MIGRATIONS } from "./migrations.js";
export { runtimeOf, DevicesRuntime } from "./runtime.js";
export type { DevicesOptions, MqttSettings } from "./runtime.js";
export type { AlarmEvent } from "./alarms/events.js";
export type { Alarm, AlarmStatus } from "./alarms/store.js";
export type { RaiseParams } from "./alarms/raise.js";
export type { DeviceView } from "./registry/handlers.js";
export { parseTopic } from "./ingest/topic.js";
export type { DriverGateway, RawMessage, DecodeBatchResult, Reading, DeviceProfile } from "./contract.js";

/** The device platform's names: actions, permissions, events, audit actions, routes, tables and limits. */
import type { PluginRoute } from "@anju/kernel";

export const DevicesActions = {
  list: "devices.list",
  get: "devices.get",
  register: "devices.register",
  update: "devices.update",
  latest: "devices.latest",
  stats: "devices.ingestStats",
  alarms: "devices.alarms",
  alarm: "devices.alarm",
  acknowledge: "devices.acknowledge",
  close: "devices.close",
  stream: "devices.alarmStream",
  /** Registered devices per community node and category, in a jurisdiction's subtree (issue #8). */
  countByCategory: "devices.registry.countByCategory",
  /** An alarm from an event (not a reading), e.g. an intrusion seen in access events; same lifecycle. */
  raise: "devices.alarms.raise",
  /** Issue (or rotate) a device's MQTT secret; the answer is the only place the secret ever appears. */
  issueCredential: "devices.registry.issueCredential",
} as const;

/** Permission codes (the same as @anju/rbac's `DevicePermissions`, which the built-in roles carry). */
export const DevicesPermissions = {
  deviceRead: "devices.device:read",
  deviceManage: "devices.device:manage",
  alarmRead: "devices.alarm:read",
  alarmHandle: "devices.alarm:handle",
} as const;

/**
 * Broker events every alarm change emits (payload: `AlarmEvent`, with the device's jurisdiction).
 * Other plugins subscribe to them, e.g. a work-order plugin to `devices.alarm.raised`.
 */
export const AlarmEvents = {
  raised: "devices.alarm.raised",
  cleared: "devices.alarm.cleared",
  acknowledged: "devices.alarm.acknowledged",
  escalated: "devices.alarm.escalated",
  closed: "devices.alarm.closed",
} as const;
export type AlarmEventName = (typeof AlarmEvents)[keyof typeof AlarmEvents];

export const DevicesAuditActions = {
  register: "devices.device.register",
  update: "devices.device.update",
  acknowledge: "devices.alarm.acknowledge",
  close: "devices.alarm.close",
  escalate: "devices.alarm.escalate",
  raise: "devices.alarm.raise",
  /** A device's MQTT secret issued (detail.rotated: it replaced one). */
  credential: "devices.device.credential",
  /** Failed sign-ins on the embedded MQTT broker, aggregated per client address (at most one row a minute each). */
  mqttAuthFailed: "devices.mqtt.authFailed",
} as const;

/** `kind` of an alarm raised through `devices.alarms.raise`: closed by people, never cleared by the engine. */
export const EVENT_ALARM_KIND = "event";

/** Routes relative to `/api`; fixed paths before `/devices/:code`. */
export const DEVICES_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/devices", action: DevicesActions.list },
  { method: "POST", path: "/devices", action: DevicesActions.register },
  { method: "GET", path: "/devices/ingest/stats", action: DevicesActions.stats },
  { method: "GET", path: "/devices/categories/counts", action: DevicesActions.countByCategory },
  { method: "GET", path: "/devices/alarms", action: DevicesActions.alarms },
  { method: "POST", path: "/devices/alarms", action: DevicesActions.raise },
  { method: "GET", path: "/devices/alarms/stream", action: DevicesActions.stream },
  { method: "GET", path: "/devices/alarms/:id", action: DevicesActions.alarm },
  { method: "POST", path: "/devices/alarms/:id/acknowledge", action: DevicesActions.acknowledge },
  { method: "POST", path: "/devices/alarms/:id/close", action: DevicesActions.close },
  { method: "GET", path: "/devices/:code", action: DevicesActions.get },
  { method: "PUT", path: "/devices/:code", action: DevicesActions.update },
  { method: "GET", path: "/devices/:code/latest", action: DevicesActions.latest },
  { method: "POST", path: "/devices/:code/credential", action: DevicesActions.issueCredential },
];

export const MIGRATION_OWNER = "@devices";

export const Tables = {
  device: "anju_device",
  reading: "anju_device_reading",
  latest: "anju_device_latest",
  alarm: "anju_device_alarm",
  engineState: "anju_device_alarm_state",
  rejection: "anju_device_rejection",
} as const;

export const DEVICE_CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";
export const PLUGIN_ID_PATTERN = "^[a-z][a-z0-9-]{0,63}$";
export const PROFILE_ID_PATTERN = "^[a-z][a-z0-9._-]{0,63}$";

/** Why a message or reading was not stored; counted per reason. */
export const RejectReasons = {
  topic: "TOPIC_INVALID",
  unknownDevice: "DEVICE_UNKNOWN",
  jurisdiction: "JURISDICTION_MISMATCH",
  tooLarge: "PAYLOAD_TOO_LARGE",
  replay: "READING_REPLAYED",
  foreignReading: "READING_FOREIGN_DEVICE",
  noDriver: "DRIVER_NOT_RUNNING",
  overload: "INGEST_OVERLOADED",
  driverCrashed: "DRIVER_CRASHED",
  /** A sign-in on the embedded broker refused (unknown device, wrong or no secret, address paused). */
  authFailed: "MQTT_AUTH_FAILED",
  /** A signed-in device published (or subscribed) outside its own topics. */
  topicDenied: "MQTT_TOPIC_DENIED",
} as const;

export interface DevicesLimits {
  /** Larger MQTT payloads are rejected before they reach a driver. */
  maxPayloadBytes: number;
  /** Rows per INSERT statement (and per transaction). */
  batchRows: number;
  /** A partial batch waits at most this long (ms) before it is decoded / written. */
  flushMs: number;
  /** Messages waiting for decode before new ones are refused (counted, logged). */
  maxQueuedMessages: number;
  /** No reading for this long → the device is offline. */
  offlineAfterMs: number;
  /** An open alarm not acknowledged for this long is escalated (and again after each further period). */
  escalateAfterMs: number;
  /** How often time-driven rules, offline state and escalation are checked. */
  sweepMs: number;
  /** Retry delay after a failed write or an unavailable driver. */
  retryMs: number;
  /** Recent reading keys remembered for replay detection (the database key catches the rest). */
  replayMemory: number;
}

export const DEFAULT_LIMITS: DevicesLimits = {
  maxPayloadBytes: 256 * 1024,
  batchRows: 500,
  flushMs: 5,
  maxQueuedMessages: 200_000,
  offlineAfterMs: 5 * 60_000,
  escalateAfterMs: 15 * 60_000,
  sweepMs: 1000,
  retryMs: 500,
  replayMemory: 200_000,
};

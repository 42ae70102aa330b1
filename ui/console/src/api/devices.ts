/** The device platform's routes (core/devices DEVICES_ROUTES) and its live alarm stream. */
import type { I18nText, Page } from "./types";
import { buildUrl, http } from "./http";

export type Severity = "info" | "minor" | "major" | "critical";
export type AlarmStatus = "open" | "acknowledged" | "escalated" | "closed";
export type AlarmEventKind = "raised" | "cleared" | "acknowledged" | "escalated" | "closed";

export interface Alarm {
  id: string;
  deviceCode: string;
  jurisdiction: string;
  ruleId: string;
  kind: string;
  severity: Severity;
  resource: string;
  title: I18nText;
  status: AlarmStatus;
  value: unknown;
  occurrences: number;
  raisedAt: number;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  escalatedAt: number | null;
  escalationLevel: number;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: string | null;
}

/** One `event: alarm` frame of the stream. */
export interface AlarmFrame { event: AlarmEventKind; alarm: Alarm; by: string; at: number }

export interface Device {
  code: string;
  name: string;
  jurisdiction: string;
  driverPluginId: string;
  profileId: string;
  /** The profile's category (@anju/sdk DEVICE_CATEGORIES); null until the driver announced it or when the profile has none. */
  category: string | null;
  state: "online" | "offline" | "unknown";
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the device's MQTT secret (接入密钥) was issued; null: none yet. The secret itself is never listed. */
  credentialIssuedAt: string | null;
}

/** The answer of issuing (or rotating) a device's MQTT secret: the only time the secret is shown. */
export interface DeviceCredential {
  code: string;
  /** MQTT CONNECT username (the device code); the password is `secret`. */
  username: string;
  secret: string;
  issuedAt: string;
  /** True when an earlier secret was replaced (its sessions were closed). */
  rotated: boolean;
  /** The topic prefix the device may publish under, `<prefix>/<区划>/<编码>/`. */
  topic: string;
  /** False: the embedded broker does not ask devices to sign in yet (legacy setting). */
  requireDeviceAuth: boolean;
}

export interface LatestValue { resource: string; ts: string; quality: string; unit: string | null; value: number | boolean | string }

export interface IngestStats {
  accepted: number;
  stored: number;
  pending: number;
  /** Since this process started, by reason code. */
  rejected: Record<string, number>;
  /** Stored totals, by reason code. */
  rejectedTotal: Record<string, number>;
  mqtt: { kind: string; port: number | null; topicPrefix: string } | null;
}

export interface DeviceRegistration { code: string; name: string; jurisdiction?: string; driverPluginId: string; profileId: string }

export const ALARM_STREAM_PATH = "/api/devices/alarms/stream";

export const devicesApi = {
  list: (query: { page?: number; pageSize?: number; state?: string } = {}) => http.get<Page<Device>>("/api/devices", query),
  register: (body: DeviceRegistration) => http.post<Device>("/api/devices", body),
  issueCredential: (code: string) => http.post<DeviceCredential>(`/api/devices/${encodeURIComponent(code)}/credential`),
  latest: (code: string) => http.get<{ device: Device; values: LatestValue[] }>(`/api/devices/${encodeURIComponent(code)}/latest`),
  stats: () => http.get<IngestStats>("/api/devices/ingest/stats"),
  alarms: (query: { page?: number; pageSize?: number; status?: string } = {}) => http.get<Page<Alarm>>("/api/devices/alarms", query),
  acknowledge: (id: string) => http.post<Alarm>(`/api/devices/alarms/${id}/acknowledge`),
  close: (id: string, reason: string) => http.post<Alarm>(`/api/devices/alarms/${id}/close`, { reason }),
  streamUrl: () => buildUrl(ALARM_STREAM_PATH),
};

/** The device registry's rows. Reads run in the caller's tenant scope; the pipeline reads as the system. */
import crypto from "node:crypto";
import type { DataSource } from "typeorm";
import { dbTimestamp } from "@anju/data";
import { Tables } from "../constants.js";
import { num, one, rows, type Db } from "../db.js";

export type DeviceState = "online" | "offline" | "unknown";

export interface Device {
  id: string;
  code: string;
  name: string;
  jurisdiction: string;
  /** Materialised path of the jurisdiction (for subtree checks without another query). */
  jurisdictionPath: string;
  driverPluginId: string;
  profileId: string;
  /** The profile's category (DEVICE_CATEGORIES) as last announced by the driver; null before that or when the profile has none. */
  category: string | null;
  state: DeviceState;
  lastSeenAt: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** `hs256$salt$hash` of the device's MQTT secret (ingest/auth.ts); never leaves the server. */
  secretHash: string | null;
  /** When the current secret was issued (ms epoch). */
  credentialIssuedAt: number | null;
}

const SELECT = `SELECT d.id, d.code, d.name, d.jurisdiction_code, j.path, d.driver_plugin_id, d.profile_id, d.category, d.state, d.last_seen_at,
  d.created_by, d.created_at, d.updated_at, d.mqtt_secret_hash, d.mqtt_secret_issued_at FROM \`${Tables.device}\` d JOIN anju_jurisdiction j ON j.code = d.jurisdiction_code`;

function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`).toISOString();
}

function toDevice(r: Record<string, unknown>): Device {
  return {
    id: String(r.id), code: String(r.code), name: String(r.name), jurisdiction: String(r.jurisdiction_code), jurisdictionPath: String(r.path),
    driverPluginId: String(r.driver_plugin_id), profileId: String(r.profile_id), category: (r.category as string | null) ?? null, state: r.state as DeviceState,
    lastSeenAt: num(r.last_seen_at), createdBy: String(r.created_by), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
    secretHash: (r.mqtt_secret_hash as string | null) ?? null, credentialIssuedAt: num(r.mqtt_secret_issued_at),
  };
}

export async function deviceByCode(db: Db, code: string, where = "", params: unknown[] = []): Promise<Device | null> {
  const r = await one(db, `${SELECT} WHERE d.code = ?${where ? ` AND ${where}` : ""}`, [code, ...params]);
  return r ? toDevice(r) : null;
}

export async function listDevices(db: Db, where: string, params: unknown[], page: { limit: number; offset: number }): Promise<{ items: Device[]; total: number }> {
  const total = await one<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM \`${Tables.device}\` d WHERE ${where}`, params);
  const items = await rows(db, `${SELECT} WHERE ${where} ORDER BY d.code LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
  return { items: items.map(toDevice), total: Number(total?.n ?? 0) };
}

export async function allDevices(db: Db): Promise<Device[]> {
  return (await rows(db, SELECT)).map(toDevice);
}

export interface DeviceInput { code: string; name: string; jurisdiction: string; driverPluginId: string; profileId: string; category: string | null }

export async function insertDevice(db: Db, input: DeviceInput, by: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = dbTimestamp();
  await db.query(
    `INSERT INTO \`${Tables.device}\` (id, code, name, jurisdiction_code, driver_plugin_id, profile_id, category, state, last_seen_at, created_by, created_at, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'unknown', NULL, ?, ?, ?, ?)`,
    [id, input.code, input.name, input.jurisdiction, input.driverPluginId, input.profileId, input.category, by, now, by, now]);
  return id;
}

export async function updateDevice(db: Db, id: string, jurisdiction: string, changes: Partial<Omit<DeviceInput, "code">>, by: string): Promise<void> {
  const cols: Record<string, unknown> = {
    name: changes.name, jurisdiction_code: changes.jurisdiction, driver_plugin_id: changes.driverPluginId, profile_id: changes.profileId,
  };
  // undefined: leave as it is; null: the profile has no category.
  if (changes.category !== undefined) cols.category = changes.category;
  const set = Object.entries(cols).filter(([, v]) => v !== undefined);
  await db.query(
    `UPDATE \`${Tables.device}\` SET ${set.map(([k]) => `${k} = ?`).join(", ")}${set.length ? ", " : ""}updated_by = ?, updated_at = ? WHERE id = ? AND jurisdiction_code = ?`,
    [...set.map(([, v]) => v), by, dbTimestamp(), id, jurisdiction]);
}

/** Replace the device's MQTT secret hash. */
export async function setSecretHash(db: Db, id: string, jurisdiction: string, hash: string, at: number, by: string): Promise<void> {
  await db.query(`UPDATE \`${Tables.device}\` SET mqtt_secret_hash = ?, mqtt_secret_issued_at = ?, updated_by = ?, updated_at = ? WHERE id = ? AND jurisdiction_code = ?`,
    [hash, at, by, dbTimestamp(), id, jurisdiction]);
}

/** Link state changes the pipeline found (one statement per state). */
export async function setStates(ds: DataSource | Db, changes: Array<{ code: string; state: DeviceState; lastSeenAt: number | null }>): Promise<void> {
  for (const c of changes) {
    await ds.query(`UPDATE \`${Tables.device}\` SET state = ?, last_seen_at = COALESCE(?, last_seen_at) WHERE code = ? AND jurisdiction_code IS NOT NULL`,
      [c.state, c.lastSeenAt, c.code]);
  }
}

/**
 * Copy a driver's announced profile categories onto its devices (a driver may add or change a
 * category in a new version; devices registered before the column existed get theirs here).
 * Only rows that differ are written. Returns the codes changed.
 */
export async function backfillCategories(db: Db, driverPluginId: string, profiles: ReadonlyArray<{ id: string; category?: string }>): Promise<string[]> {
  const changed: string[] = [];
  for (const p of profiles) {
    const category = p.category ?? null;
    const differs = category === null ? "category IS NOT NULL" : "(category IS NULL OR category <> ?)";
    const params = category === null ? [driverPluginId, p.id] : [driverPluginId, p.id, category];
    const found = await rows<{ code: string }>(db,
      `SELECT code FROM \`${Tables.device}\` WHERE jurisdiction_code IS NOT NULL AND driver_plugin_id = ? AND profile_id = ? AND ${differs}`, params);
    if (!found.length) continue;
    await db.query(`UPDATE \`${Tables.device}\` SET category = ? WHERE jurisdiction_code IS NOT NULL AND driver_plugin_id = ? AND profile_id = ? AND ${differs}`,
      [category, ...params]);
    changed.push(...found.map((r) => String(r.code)));
  }
  return changed;
}

/** Devices per community node and category (NULL counted as "other") under `where` (a subtree condition on `d`). */
export async function countByCategory(db: Db, where: string, params: unknown[]): Promise<Array<{ jurisdictionCode: string; category: string; total: number; online: number }>> {
  const found = await rows<{ jurisdiction_code: string; category: string; total: unknown; online: unknown }>(db,
    `SELECT d.jurisdiction_code, COALESCE(d.category, 'other') AS category, COUNT(*) AS total, SUM(CASE WHEN d.state = 'online' THEN 1 ELSE 0 END) AS online
     FROM \`${Tables.device}\` d WHERE ${where} GROUP BY d.jurisdiction_code, COALESCE(d.category, 'other') ORDER BY d.jurisdiction_code, category`, params);
  return found.map((r) => ({ jurisdictionCode: String(r.jurisdiction_code), category: String(r.category), total: Number(r.total), online: Number(r.online ?? 0) }));
}

/**
 * Register, list, read and change devices. A device sits in a community node of the caller's
 * subtree (default: the caller's own node); another jurisdiction's device answers "not found".
 * Its driver must be running and know the profile (the profiles come from the driver's hello).
 */
import { asSystem, withTenantScope } from "@anju/data";
import type { Caller } from "../caller.js";
import { KernelErrors } from "@anju/kernel";
import { subtreeCondition } from "../caller.js";
import { DevicesAuditActions, Tables } from "../constants.js";
import { isDuplicateKey, rows } from "../db.js";
import { DevicesErrors } from "../errors.js";
import type { DevicesRuntime } from "../runtime.js";
import type { DeviceProfile } from "../contract.js";
import { hashSecret, newSecret } from "../ingest/auth.js";
import { countByCategory as countRows, deviceByCode, insertDevice, listDevices, setSecretHash, updateDevice, type Device } from "./store.js";

export interface DeviceView {
  code: string; name: string; jurisdiction: string; driverPluginId: string; profileId: string;
  /** DEVICE_CATEGORIES of @anju/sdk, from the profile; null until the driver announced it or when the profile has none. */
  category: string | null;
  state: Device["state"]; lastSeenAt: string | null; createdAt: string; updatedAt: string;
  /** When the device's MQTT secret was issued (null: none yet). The secret itself is shown once, by issueCredential. */
  credentialIssuedAt: string | null;
}

export function view(d: Device): DeviceView {
  return {
    code: d.code, name: d.name, jurisdiction: d.jurisdiction, driverPluginId: d.driverPluginId, profileId: d.profileId, category: d.category,
    state: d.state, lastSeenAt: d.lastSeenAt === null ? null : new Date(d.lastSeenAt).toISOString(), createdAt: d.createdAt, updatedAt: d.updatedAt,
    credentialIssuedAt: d.credentialIssuedAt === null ? null : new Date(d.credentialIssuedAt).toISOString(),
  };
}

/** Reads run in the caller's tenant scope (the system: a system scope). */
function scoped<T>(caller: Caller, fn: () => Promise<T>): Promise<T> {
  return caller.jurisdiction ? withTenantScope(caller.jurisdiction, fn) : asSystem("devices: system read", fn);
}

export async function visibleDevice(rt: DevicesRuntime, caller: Caller, code: string): Promise<Device> {
  const cond = subtreeCondition(caller, "d");
  const d = await scoped(caller, () => deviceByCode(rt.host.ds, code, cond.sql, cond.params));
  if (!d) throw DevicesErrors.DEVICE_NOT_FOUND({ code });
  return d;
}

async function checkJurisdiction(rt: DevicesRuntime, caller: Caller, code: string): Promise<void> {
  const node = await rt.host.jurisdictions.find(code);
  if (!node || node.level !== "community" || (caller.path !== null && !node.path.startsWith(caller.path))) {
    throw DevicesErrors.DEVICE_JURISDICTION_INVALID({ code });
  }
}

/** The profile the driver announced (its category goes onto the device row). */
function checkDriver(rt: DevicesRuntime, plugin: string, profile: string): DeviceProfile {
  const found = rt.alarms.profileOf(plugin, profile);
  if (!found) throw DevicesErrors.DEVICE_DRIVER_UNKNOWN({ plugin, profile });
  return found;
}

async function audit(rt: DevicesRuntime, caller: Caller, action: string, code: string, jurisdiction: string | null, result: "success" | "failure", detail: Record<string, unknown>) {
  await rt.host.audit({ action, object: code, result, userId: caller.rc.principal.id, jurisdiction, ip: caller.rc.ip ?? null, detail });
}

export async function register(rt: DevicesRuntime, caller: Caller, p: { code: string; name: string; jurisdiction?: string; driverPluginId: string; profileId: string }): Promise<DeviceView> {
  const jurisdiction = p.jurisdiction ?? caller.jurisdiction;
  if (!jurisdiction) throw DevicesErrors.DEVICE_JURISDICTION_INVALID({ code: "-" });
  try {
    await checkJurisdiction(rt, caller, jurisdiction);
    const profile = checkDriver(rt, p.driverPluginId, p.profileId);
    await withTenantScope(jurisdiction, () => insertDevice(rt.host.ds, { ...p, jurisdiction, category: profile.category ?? null }, caller.rc.principal.id));
  } catch (err) {
    await audit(rt, caller, DevicesAuditActions.register, p.code, jurisdiction, "failure", { error: (err as { type?: string }).type ?? "INTERNAL" });
    if (isDuplicateKey(err)) throw DevicesErrors.DEVICE_CODE_TAKEN({ code: p.code });
    throw err;
  }
  await audit(rt, caller, DevicesAuditActions.register, p.code, jurisdiction, "success", { driverPluginId: p.driverPluginId, profileId: p.profileId });
  rt.devices.invalidate(p.code);
  void rt.host.broker.broadcast(DEVICE_CHANGED_EVENT, { code: p.code });
  return view(await visibleDevice(rt, caller, p.code));
}

export const DEVICE_CHANGED_EVENT = "devices.device.changed";

export async function update(rt: DevicesRuntime, caller: Caller, p: { code: string; name?: string; jurisdiction?: string; driverPluginId?: string; profileId?: string }): Promise<DeviceView> {
  const d = await visibleDevice(rt, caller, p.code);
  if (p.jurisdiction !== undefined) await checkJurisdiction(rt, caller, p.jurisdiction);
  const plugin = p.driverPluginId ?? d.driverPluginId;
  const profileId = p.profileId ?? d.profileId;
  // A new driver or profile must be announced; otherwise the current one refreshes the category when its driver runs.
  const profile = p.driverPluginId !== undefined || p.profileId !== undefined ? checkDriver(rt, plugin, profileId) : rt.alarms.profileOf(plugin, profileId);
  const { code: _code, ...changes } = p;
  const category = profile ? profile.category ?? null : undefined;
  await withTenantScope(d.jurisdiction, () => updateDevice(rt.host.ds, d.id, d.jurisdiction, { ...changes, category }, caller.rc.principal.id));
  await audit(rt, caller, DevicesAuditActions.update, d.code, d.jurisdiction, "success", { changed: Object.keys(changes), to: p.jurisdiction ?? null });
  rt.devices.invalidate(d.code);
  void rt.host.broker.broadcast(DEVICE_CHANGED_EVENT, { code: d.code });
  return view(await visibleDevice(rt, caller, d.code));
}

/**
 * Issue the device's MQTT secret, or rotate it: a new random secret replaces the old one (whose
 * open sessions on this node's broker are closed; other nodes drop their cached hash on the
 * change event). Only a salted hash is stored; this answer is the one place the secret appears.
 */
export async function issueCredential(rt: DevicesRuntime, caller: Caller, p: { code: string }) {
  const d = await visibleDevice(rt, caller, p.code);
  const secret = newSecret();
  const at = Date.now();
  const rotated = d.secretHash !== null;
  try {
    await withTenantScope(d.jurisdiction, () => setSecretHash(rt.host.ds, d.id, d.jurisdiction, hashSecret(secret), at, caller.rc.principal.id));
  } catch (err) {
    await audit(rt, caller, DevicesAuditActions.credential, d.code, d.jurisdiction, "failure", { rotated, error: (err as { type?: string }).type ?? "INTERNAL" });
    throw err;
  }
  await audit(rt, caller, DevicesAuditActions.credential, d.code, d.jurisdiction, "success", { rotated });
  rt.devices.invalidate(d.code);
  rt.mqttGuard?.disconnect(d.code);
  void rt.host.broker.broadcast(DEVICE_CHANGED_EVENT, { code: d.code, credential: true });
  const s = rt.mqttSettings;
  return {
    code: d.code,
    /** MQTT CONNECT username and password. */
    username: d.code,
    secret,
    issuedAt: new Date(at).toISOString(),
    rotated,
    topic: `${s.topicPrefix}/${d.jurisdiction}/${d.code}/`,
    requireDeviceAuth: s.requireDeviceAuth,
  };
}

export async function list(rt: DevicesRuntime, caller: Caller, p: { page: number; pageSize: number; state?: string; jurisdiction?: string }) {
  const cond = subtreeCondition(caller, "d");
  let where = cond.sql;
  const params = [...cond.params];
  if (p.state) { where += " AND d.state = ?"; params.push(p.state); }
  if (p.jurisdiction) { where += " AND d.jurisdiction_code = ?"; params.push(p.jurisdiction); }
  const { items, total } = await scoped(caller, () => listDevices(rt.host.ds, where, params, { limit: p.pageSize, offset: (p.page - 1) * p.pageSize }));
  return { items: items.map(view), total, page: p.page, pageSize: p.pageSize };
}

export async function latest(rt: DevicesRuntime, caller: Caller, code: string) {
  const d = await visibleDevice(rt, caller, code);
  const found = await scoped(caller, () => rows<Record<string, unknown>>(rt.host.ds,
    `SELECT resource, ts, kind, value_num, value_text, quality, unit FROM \`${Tables.latest}\` WHERE device_code = ? AND jurisdiction_code = ? ORDER BY resource`,
    [d.code, d.jurisdiction]));
  return {
    device: view(d),
    values: found.map((r) => ({
      resource: String(r.resource), ts: new Date(Number(r.ts)).toISOString(), quality: String(r.quality), unit: (r.unit as string | null) ?? null,
      value: r.kind === "s" ? String(r.value_text) : r.kind === "b" ? Number(r.value_num) === 1 : Number(r.value_num),
    })),
  };
}

/**
 * Registered devices per community node and category under a jurisdiction (default: the
 * caller's own); a jurisdiction outside the caller's subtree is "not found", like any record.
 */
export async function countByCategory(rt: DevicesRuntime, caller: Caller, p: { jurisdiction?: string }) {
  let path = caller.path;
  if (p.jurisdiction !== undefined) {
    const node = await rt.host.jurisdictions.find(p.jurisdiction);
    if (!node || (caller.path !== null && !node.path.startsWith(caller.path))) throw KernelErrors.JURISDICTION_NOT_FOUND({ code: p.jurisdiction });
    path = node.path;
  }
  const cond = subtreeCondition({ ...caller, path }, "d");
  return { items: await scoped(caller, () => countRows(rt.host.ds, cond.sql, cond.params)) };
}

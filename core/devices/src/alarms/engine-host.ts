/**
 * The node's alarm engine and its persistence. Rules come from the device's profile as its
 * driver announced it (hello). The engine's per-device state is saved with the batch that
 * changed an alarm (same transaction as the alarm row) and, for the rest, by the sweep once a
 * second, and at stop: a restart continues from there. A batch whose transaction fails keeps
 * its transitions and is written again with them (readings are judged once). Known gap: the
 * sweep may save a device's state while the batch that moved it is still being retried; a
 * crash in that window loses that batch's alarm change.
 */
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { asSystem, runInTransaction } from "@anju/data";
import { Tables } from "../constants.js";
import type { AlarmEngineLike, AlarmRule, AlarmTransition, DeviceProfile, DriverGateway, Reading } from "../contract.js";
import { isMysql, rows, tuples } from "../db.js";

const PROFILES_REFRESH_MS = 1000;

export interface DeviceRef { code: string; jurisdiction: string; driverPluginId: string; profileId: string }

export class AlarmHost {
  private readonly dirty = new Map<string, string>();
  private profiles = new Map<string, DeviceProfile>();
  private profilesAt = 0;
  private readonly rulesCache = new WeakMap<DeviceRef, { at: number; rules: readonly AlarmRule[] }>();

  constructor(private readonly ds: DataSource, readonly engine: AlarmEngineLike, private readonly drivers: DriverGateway) {}

  async load(): Promise<number> {
    const saved = await asSystem("devices: load alarm state", () =>
      rows<{ device_code: string; state_json: string }>(this.ds, `SELECT device_code, state_json FROM \`${Tables.engineState}\` WHERE jurisdiction_code IS NOT NULL`));
    for (const r of saved) this.engine.restoreDevice(r.device_code, JSON.parse(r.state_json));
    return saved.length;
  }

  profileOf(driverPluginId: string, profileId: string): DeviceProfile | undefined {
    const now = Date.now();
    if (now - this.profilesAt > PROFILES_REFRESH_MS) {
      const next = new Map<string, DeviceProfile>();
      for (const s of this.drivers.status()) for (const p of s.profiles) next.set(`${s.pluginId}|${p.id}`, p);
      this.profiles = next;
      this.profilesAt = now;
    }
    return this.profiles.get(`${driverPluginId}|${profileId}`);
  }

  rulesOf(d: DeviceRef): readonly AlarmRule[] {
    const cached = this.rulesCache.get(d);
    if (cached && cached.at === this.profilesAt && Date.now() - this.profilesAt <= PROFILES_REFRESH_MS) return cached.rules;
    const rules = this.profileOf(d.driverPluginId, d.profileId)?.alarmRules ?? [];
    this.rulesCache.set(d, { at: this.profilesAt, rules });
    return rules;
  }

  /**
   * Judge a batch. No undo: a batch whose transaction fails is written again with these same
   * transitions (the writer keeps them with the batch), so nothing is judged twice.
   */
  evaluate(items: Array<{ reading: Reading; device: DeviceRef }>): { transitions: AlarmTransition[]; touched: Set<string> } {
    const transitions: AlarmTransition[] = [];
    const touched = new Set<string>();
    for (const { reading, device } of items) {
      const rules = this.rulesOf(device);
      if (!rules.length) continue;
      touched.add(device.code);
      for (const t of this.engine.evaluate(reading, rules)) transitions.push(t);
    }
    return { transitions, touched };
  }

  /** Time-driven rules (offline, duration without new readings) for these devices. */
  tick(now: number, devices: Iterable<DeviceRef>): AlarmTransition[] {
    const list: Array<{ deviceCode: string; rules: readonly AlarmRule[] }> = [];
    for (const d of devices) {
      const rules = this.rulesOf(d);
      if (rules.length) list.push({ deviceCode: d.code, rules });
    }
    return list.length ? this.engine.tick(now, list) : [];
  }

  markDirty(codes: Iterable<string>, jurisdictionOf: (code: string) => string): void {
    for (const c of codes) this.dirty.set(c, jurisdictionOf(c));
  }

  /** Save the state of these devices now (inside the caller's transaction). */
  async save(qr: QueryRunner | EntityManager, codes: Iterable<string>, jurisdictionOf: (code: string) => string): Promise<void> {
    codes = [...codes];
    // Rows in key order: the writer and the sweep then lock them in the same order (no deadlock).
    const list = [...codes].sort().map((code) => ({ code, jurisdiction: jurisdictionOf(code), state: this.engine.snapshotDevice(code) }))
      .filter((x) => x.state !== undefined);
    for (let i = 0; i < list.length; i += 200) {
      const chunk = list.slice(i, i + 200);
      const now = Date.now();
      const params = chunk.flatMap((x) => [x.code, x.jurisdiction, JSON.stringify(x.state), now]);
      const T = `\`${Tables.engineState}\``;
      await qr.query(isMysql(this.ds)
        ? `INSERT INTO ${T} (device_code, jurisdiction_code, state_json, updated_at) VALUES ${tuples(chunk.length, 4)}
           ON DUPLICATE KEY UPDATE jurisdiction_code = VALUES(jurisdiction_code), state_json = VALUES(state_json), updated_at = VALUES(updated_at)`
        : `INSERT INTO ${T} (device_code, jurisdiction_code, state_json, updated_at) VALUES ${tuples(chunk.length, 4)}
           ON CONFLICT(device_code) DO UPDATE SET jurisdiction_code = excluded.jurisdiction_code, state_json = excluded.state_json, updated_at = excluded.updated_at`,
      params);
    }
  }

  /** Save what changed since the last save (the sweep and stop). */
  async flushDirty(): Promise<void> {
    if (!this.dirty.size) return;
    const pending = new Map(this.dirty);
    this.dirty.clear();
    // On the host's transaction queue (SQLite: one transaction at a time per DataSource).
    try {
      await asSystem("devices: save alarm state", () => runInTransaction(this.ds, (m) => this.save(m, pending.keys(), (c) => pending.get(c)!)));
    } catch (err) {
      for (const [c, j] of pending) if (!this.dirty.has(c)) this.dirty.set(c, j);
      throw err;
    }
  }
}

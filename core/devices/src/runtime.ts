/**
 * What the device platform runs on one node: the registry cache, the MQTT source, the ingest
 * pipeline and batch writer, the alarm engine with its persistence, the live streams, and a
 * sweep once a second (counters to the table, engine state, offline devices, time-driven
 * rules, escalation). One per host, made at set-up; started after plugins are loaded.
 */
import type { AnjuHost } from "@anju/kernel";
import { AlarmEngine } from "@anju/alarms";
import { asSystem } from "@anju/data";
import { DEFAULT_LIMITS, DevicesAuditActions, Tables, type DevicesLimits } from "./constants.js";
import type { AlarmEngineLike, DeviceProfile, DriverGateway } from "./contract.js";
import { AlarmHost } from "./alarms/engine-host.js";
import { emitAlarm } from "./alarms/events.js";
import { escalateDue, persistTimeDriven } from "./alarms/lifecycle.js";
import { AlarmStreams } from "./alarms/stream.js";
import type { AlarmChange } from "./alarms/store.js";
import { RejectionCounters } from "./ingest/counters.js";
import { MqttGuard, type AuthFailureAudit } from "./ingest/auth.js";
import { startMqtt, type MqttSource } from "./ingest/mqtt.js";
import { IngestPipeline } from "./ingest/pipeline.js";
import { BatchWriter } from "./ingest/writer.js";
import { HostDrivers } from "./drivers.js";
import { DeviceCache } from "./registry/cache.js";
import { backfillCategories, type Device } from "./registry/store.js";

export interface MqttSettings {
  url: string | null; port: number; host: string; topicPrefix: string; qos: 0 | 1;
  /** Embedded broker: devices sign in with code + issued secret and stay on their own topics (ingest/auth.ts). */
  requireDeviceAuth: boolean;
}

export interface DevicesOptions {
  limits?: Partial<DevicesLimits>;
  /** The driver runtime (DriverSupervisor). Tests pass an in-process gateway. */
  drivers?: DriverGateway;
  /** Overrides of the host's `mqtt` config (tests: port 0). */
  mqtt?: Partial<MqttSettings>;
  /** false: this node serves the API and streams but does not ingest (no MQTT). */
  ingest?: boolean;
  /** The alarm engine (default: @anju/alarms). */
  engine?: () => AlarmEngineLike;
}

const DEFAULT_MQTT: MqttSettings = { url: null, port: 1883, host: "0.0.0.0", topicPrefix: "anju", qos: 1, requireDeviceAuth: true };

export class DevicesRuntime {
  readonly limits: DevicesLimits;
  readonly mqttSettings: MqttSettings;
  readonly devices: DeviceCache;
  readonly counters: RejectionCounters;
  readonly alarms: AlarmHost;
  readonly writer: BatchWriter;
  readonly pipeline: IngestPipeline;
  readonly streams = new AlarmStreams();
  readonly drivers: DriverGateway;
  /** The installed driver plugins' processes (absent when a gateway was passed in). */
  readonly hostDrivers: HostDrivers | null;
  mqtt: MqttSource | null = null;
  /** Sign-in and topic ACL of the embedded broker (null: external broker, or mqtt.requireDeviceAuth off). */
  mqttGuard: MqttGuard | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();
  private sweepBusy = false;
  private categories: Promise<void> = Promise.resolve();

  constructor(readonly host: AnjuHost, readonly options: DevicesOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.mqttSettings = { ...DEFAULT_MQTT, ...host.config.mqtt, ...options.mqtt };
    this.hostDrivers = options.drivers ? null : new HostDrivers(host, (s) => this.profilesAnnounced(s.pluginId, s.profiles));
    this.drivers = options.drivers ?? this.hostDrivers!.supervisor;
    const log = { warn: (m: string) => host.logger.warn(m) };
    this.devices = new DeviceCache(host.ds);
    this.counters = new RejectionCounters((m) => host.logger.warn(m));
    const engine = options.engine?.() ?? (new AlarmEngine() as unknown as AlarmEngineLike);
    this.alarms = new AlarmHost(host.ds, engine, this.drivers);
    this.writer = new BatchWriter(host.ds, this.limits, this.alarms, this.counters, (changes, links) => this.committed(changes, links), log);
    this.pipeline = new IngestPipeline(this.mqttSettings.topicPrefix, this.limits, this.devices, this.drivers,
      (d) => this.alarms.profileOf(d.driverPluginId, d.profileId), this.writer, this.counters, log);
  }

  async start(): Promise<void> {
    await this.devices.loadAll();
    await this.alarms.load();
    // A management host (CLI commands, http off) migrates and answers but runs no drivers or MQTT.
    if (this.options.ingest !== false) {
      await this.hostDrivers?.start();
      // A gateway passed in (tests, benchmarks) says no hello: its profiles count as announced now.
      if (!this.hostDrivers) for (const s of this.drivers.status()) this.profilesAnnounced(s.pluginId, s.profiles);
      const s = this.mqttSettings;
      if (!s.url && s.requireDeviceAuth) this.mqttGuard = new MqttGuard(s.topicPrefix, (code) => this.devices.get(code), this.counters);
      else if (!s.url) {
        this.host.logger.warn("内置 MQTT 代理未要求设备认证（mqtt.requireDeviceAuth=false）：任何能连到端口的客户端都可冒充设备 / "
          + "the embedded MQTT broker does not require device credentials (mqtt.requireDeviceAuth=false): anyone reaching the port can impersonate a device");
      }
      this.mqtt = await startMqtt(
        { url: s.url, port: s.port, host: s.host, prefix: s.topicPrefix, qos: s.qos, guard: this.mqttGuard },
        (topic, payload, at) => this.pipeline.accept(topic, payload, at), this.host.logger);
      // One sweep at a time: under load a sweep can outlast the interval, and two at once would
      // write the same engine-state rows from two transactions (lock waits on MariaDB).
      this.sweepTimer = setInterval(() => {
        if (this.sweepBusy) return;
        this.sweepBusy = true;
        this.sweeping = this.sweep().finally(() => { this.sweepBusy = false; });
      }, this.limits.sweepMs);
      this.sweepTimer.unref();
    }
  }

  /** Stop taking messages, store what was taken (bounded wait), save engine state and counters. */
  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.mqtt?.stop().catch(() => undefined);
    this.mqtt = null;
    const settle = Promise.all([this.pipeline.drained(), this.writer.drained()]);
    await Promise.race([settle, new Promise((r) => setTimeout(r, 5000))]);
    this.pipeline.stop();
    this.writer.stop();
    await this.hostDrivers?.stop();
    await this.sweeping.catch(() => undefined);
    await this.alarms.flushDirty().catch((err: Error) => this.host.logger.warn(`告警状态保存失败 / saving alarm state failed: ${err.message}`));
    await this.counters.flush(this.host.ds).catch(() => undefined);
    if (this.mqttGuard) await this.auditAuthFailures(this.mqttGuard.allAudits()).catch(() => undefined);
    this.streams.closeAll();
  }

  /** Resolves when everything received so far is stored (tests and benchmarks). */
  async drained(): Promise<void> {
    await this.pipeline.drained();
    await this.writer.drained();
  }

  private committed(changes: AlarmChange[], links: Array<{ device: Device; online: boolean; at: number }>): void {
    for (const l of links) this.devices.patch(l.device.code, { state: "online", lastSeenAt: l.at });
    for (const c of changes) this.announce(c.event, c.alarm.deviceCode, c.alarm, "system");
  }

  /**
   * A driver announced its profiles: copy their categories onto its registered devices (one at
   * a time; a failure is logged and the next hello tries again).
   */
  profilesAnnounced(pluginId: string, profiles: DeviceProfile[]): Promise<void> {
    this.categories = this.categories.then(async () => {
      const changed = await asSystem("devices: device categories", () => backfillCategories(this.host.ds, pluginId, profiles));
      const byProfile = new Map(profiles.map((p) => [p.id, p.category ?? null]));
      for (const code of changed) {
        const d = this.devices.peek(code);
        if (d) this.devices.patch(code, { category: byProfile.get(d.profileId) ?? null });
      }
    }).catch((err: Error) => this.host.logger.warn(`设备类别回填失败 / backfilling device categories failed (${pluginId}): ${err.message}`));
    return this.categories;
  }

  /** Emit an alarm event (path from the registry: the stream filters by it). */
  announce(event: AlarmChange["event"] | "acknowledged" | "escalated", deviceCode: string, alarm: AlarmChange["alarm"], by: string): void {
    const path = this.devices.peek(deviceCode)?.jurisdictionPath ?? `/${alarm.jurisdiction}/`;
    emitAlarm(this.host.broker, { event, alarm, jurisdiction: alarm.jurisdiction, jurisdictionPath: path, by, at: Date.now() });
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    try {
      await this.counters.flush(this.host.ds);
      if (this.mqttGuard) await this.auditAuthFailures(this.mqttGuard.dueAudits());
      await this.alarms.flushDirty();
      await this.markOffline(now);
      await persistTimeDriven(this, now);
      await escalateDue(this, now);
    } catch (err) {
      this.host.logger.warn(`设备巡检失败 / device sweep failed: ${(err as Error).message}`);
    }
  }

  /** One audit row per client address and period for failed MQTT sign-ins (not one per attempt). */
  private async auditAuthFailures(due: AuthFailureAudit[]): Promise<void> {
    for (const [i, a] of due.entries()) {
      try {
        await this.host.audit({
          action: DevicesAuditActions.mqttAuthFailed, object: a.address, result: "failure", userId: "system", jurisdiction: null, ip: a.address,
          detail: { count: a.count, usernames: a.usernames, reasons: a.reasons, from: new Date(a.firstAt).toISOString(), to: new Date(a.lastAt).toISOString() },
        });
      } catch (err) {
        this.mqttGuard?.requeue(due.slice(i));
        throw err;
      }
    }
  }

  private async markOffline(now: number): Promise<void> {
    const stale = [...this.devices.all()].filter((d) => d.state === "online" && (d.lastSeenAt ?? 0) + this.limits.offlineAfterMs <= now);
    if (!stale.length) return;
    await asSystem("devices: offline", async () => {
      for (let i = 0; i < stale.length; i += 500) {
        const chunk = stale.slice(i, i + 500);
        await this.host.ds.query(`UPDATE \`${Tables.device}\` SET state = 'offline' WHERE jurisdiction_code IS NOT NULL AND state = 'online' AND code IN (${chunk.map(() => "?").join(", ")})`,
          chunk.map((d) => d.code));
        for (const d of chunk) this.devices.patch(d.code, { state: "offline" });
      }
    });
  }
}

const runtimes = new WeakMap<AnjuHost, DevicesRuntime>();

export function createRuntime(host: AnjuHost, options: DevicesOptions = {}): DevicesRuntime {
  const rt = new DevicesRuntime(host, options);
  runtimes.set(host, rt);
  return rt;
}

export function runtimeOf(host: AnjuHost): DevicesRuntime {
  const rt = runtimes.get(host);
  if (!rt) throw new Error("devices module not set up on this host");
  return rt;
}

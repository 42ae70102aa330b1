/**
 * The link as one node runs it (uplinkModule): the settings from the host config, the NATS
 * connection, and the relay (community) or the durable consumer (county). Connecting happens in
 * the background and is retried, so a node whose NATS is away still starts and serves its
 * community; rows wait in the outbox meanwhile. Stopping finishes the publish or batch in hand
 * — an unacknowledged message's rows stay unsent, an unacknowledged batch is delivered again —
 * then drains the connection.
 */
import { connect, type NatsConnection } from "nats";
import type { DataSource } from "typeorm";
import { Backoff, Waker } from "./backoff.js";
import { InboxConsumer } from "./consumer.js";
import { uplinkCounters, type UplinkCounters } from "./counters.js";
import { Defaults } from "./constants.js";
import { UplinkErrors } from "./errors.js";
import { dispatchTo, handlerCount } from "./handlers.js";
import { OutboxRelay } from "./relay.js";
import { checkCode } from "./stream.js";
import { subtreeFromJurisdictions } from "./subtree.js";

export type UplinkRole = "off" | "community" | "county";

export interface UplinkSettings {
  role: UplinkRole; natsUrl: string | null; county: string | null; community: string | null;
  /** Community: sent outbox rows older than this many days are pruned by the relay (default 7). */
  sentRetentionDays?: number;
}

/** Tuning the module passes on (tests: short polls). */
export interface UplinkTuning { pollMs?: number; backoffMaxMs?: number; connectTimeoutMs?: number; holdMs?: number; pruneEveryMs?: number }

export interface UplinkStatus extends UplinkCounters {
  role: UplinkRole;
  countyCode: string | null;
  communityCode: string | null;
  connected: boolean;
  /** County: projections plugins registered (0: records are stored in the inbox only). */
  handlers?: number;
}

interface Log { warn(msg: string): void; info(msg: string): void }

export const OFF: UplinkSettings = { role: "off", natsUrl: null, county: null, community: null };

/** Fills in and checks the settings for the role; a role that cannot run stops start-up with UPLINK_CONFIG_INVALID. */
export function resolveSettings(given: Partial<UplinkSettings> | undefined): UplinkSettings {
  const s = { ...OFF, ...given };
  if (s.role === "off") return s;
  if (!s.natsUrl) throw UplinkErrors.UPLINK_CONFIG_INVALID({ field: "uplink.natsUrl", reason: `is required for role ${s.role} (ANJU_UPLINK_NATS_URL)` });
  if (!s.county) throw UplinkErrors.UPLINK_CONFIG_INVALID({ field: "uplink.county", reason: `is required for role ${s.role} (ANJU_UPLINK_COUNTY)` });
  checkCode("uplink.county", s.county);
  if (s.sentRetentionDays !== undefined && s.sentRetentionDays !== null && !(Number.isInteger(s.sentRetentionDays) && s.sentRetentionDays >= 1)) {
    throw UplinkErrors.UPLINK_CONFIG_INVALID({ field: "uplink.sentRetentionDays", reason: "must be a whole number of days ≥ 1 (ANJU_UPLINK_SENT_RETENTION_DAYS)" });
  }
  if (s.role === "community") {
    if (!s.community) throw UplinkErrors.UPLINK_CONFIG_INVALID({ field: "uplink.community", reason: "is required for role community (ANJU_UPLINK_COMMUNITY)" });
    checkCode("uplink.community", s.community);
  }
  return s;
}

export class UplinkNode {
  nc: NatsConnection | null = null;
  relay: OutboxRelay | null = null;
  consumer: InboxConsumer | null = null;
  private running = false;
  private connecting: Promise<void> | null = null;
  private readonly waker = new Waker();
  private lastLogged = "";

  constructor(readonly host: object, readonly ds: DataSource, readonly settings: UplinkSettings, private readonly log: Log, private readonly tuning: UplinkTuning = {}) {}

  get role(): UplinkRole {
    return this.settings.role;
  }

  start(): void {
    if (this.settings.role === "off" || this.running) return;
    this.running = true;
    this.connecting = this.connectAndRun();
  }

  /** Relay or consumer stopped with its work in hand finished, then the connection drained. */
  async stop(): Promise<void> {
    this.running = false;
    this.waker.wake();
    await this.connecting;
    await this.relay?.stop();
    await this.consumer?.stop();
    const nc = this.nc;
    this.nc = null;
    if (nc && !nc.isClosed()) {
      // drain waits for the server; a server that is away must not hold the node's shutdown.
      const drained = nc.drain().catch(() => undefined);
      const gaveUp = await Promise.race([drained.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5000).unref())]);
      if (gaveUp) await nc.close().catch(() => undefined);
    }
  }

  /** After an enqueue: publish now instead of at the next poll. */
  notify(): void {
    this.relay?.notify();
  }

  async status(): Promise<UplinkStatus> {
    const { role, county, community } = this.settings;
    const counters = role === "county"
      ? await uplinkCounters({ county: this.ds, consumer: this.consumer ?? undefined })
      // Off: the outbox still fills (plugins enqueue regardless), its backlog is worth seeing.
      : await uplinkCounters({ community: this.ds, relay: this.relay ?? undefined });
    const connected = Boolean(this.nc && !this.nc.isClosed() && this.nc.info);
    return { role, countyCode: county, communityCode: community, connected, ...counters, ...(role === "county" ? { handlers: handlerCount(this.host) } : {}) };
  }

  private async connectAndRun(): Promise<void> {
    const backoff = new Backoff(200, this.tuning.backoffMaxMs ?? 5000);
    while (this.running && !this.nc) {
      try {
        // After the first connect the client reconnects for ever; the relay and consumer retry meanwhile.
        this.nc = await connect({
          servers: this.settings.natsUrl!, name: `anju-uplink-${this.settings.community ?? this.settings.county}`,
          maxReconnectAttempts: -1, reconnectTimeWait: 1000, timeout: this.tuning.connectTimeoutMs ?? 5000,
          // tls://: TLS required — the client refuses a server that does not offer it instead of
          // falling back to plain TCP (sealed records travel in clear inside the connection).
          ...(/^tls:\/\//i.test(this.settings.natsUrl!) ? { tls: {} } : {}),
        });
      } catch (err) {
        this.warn(`上行链路连接 NATS 失败，稍后重试 / uplink: cannot reach NATS, retrying: ${(err as Error).message}`);
        await this.waker.sleep(backoff.next());
      }
    }
    if (!this.running || !this.nc) return;
    const onError = (err: Error) => this.warn(`上行链路 / uplink ${this.settings.role}: ${err.message}`);
    const county = this.settings.county!;
    if (this.settings.role === "community") {
      this.relay = new OutboxRelay({
        ds: this.ds, nc: this.nc, countyCode: county, communityCode: this.settings.community!, onError,
        ...(this.tuning.pollMs ? { pollMs: this.tuning.pollMs } : {}), ...(this.tuning.backoffMaxMs ? { backoffMaxMs: this.tuning.backoffMaxMs } : {}),
        ...(this.tuning.pruneEveryMs ? { pruneEveryMs: this.tuning.pruneEveryMs } : {}),
        sentRetentionMs: (this.settings.sentRetentionDays ?? Defaults.sentRetentionDays) * 24 * 3600_000,
      });
      this.relay.start();
    } else {
      this.consumer = new InboxConsumer({
        ds: this.ds, nc: this.nc, countyCode: county, inSubtree: subtreeFromJurisdictions(this.ds, county), onRecords: dispatchTo(this.host), onError,
        ...(this.tuning.backoffMaxMs ? { backoffMaxMs: this.tuning.backoffMaxMs } : {}), ...(this.tuning.holdMs ? { holdMs: this.tuning.holdMs } : {}),
      });
      this.consumer.start();
    }
    this.log.info(`上行链路已启动 / uplink started: ${this.settings.role} ${this.settings.community ?? ""} → ${county}`);
  }

  /** The same failure repeating every retry is logged once. */
  private warn(msg: string): void {
    if (msg === this.lastLogged) return;
    this.lastLogged = msg;
    this.log.warn(msg);
  }
}

/**
 * The community side's relay: reads unsent outbox rows in source order, packs them into
 * messages (one kind each, up to `recordsPerMessage`), publishes them to JetStream with
 * `Nats-Msg-Id = <community>:<first seq>-<last seq>` and marks rows sent only after the
 * publish ack. While NATS or the stream is away it keeps the same messages and retries them
 * with backoff — the same id again, so the broker drops a copy that did get through — and
 * never touches unsent rows. One relay per community database (see docs/uplink.md).
 */
import { headers as natsHeaders, type JetStreamClient, type NatsConnection, type PubAck } from "nats";
import type { DataSource } from "typeorm";
import { Defaults } from "./constants.js";
import { Backoff, Waker } from "./backoff.js";
import { markRefused, markSent, openSealed, pendingRows, pruneSent, type OutboxRow } from "./outbox.js";
import { checkCode, ensureStream, streamName, subjectOf } from "./stream.js";

export interface RelayOptions {
  ds: DataSource;
  nc: NatsConnection;
  countyCode: string;
  communityCode: string;
  recordsPerMessage?: number;
  maxMessageBytes?: number;
  inFlight?: number;
  pollMs?: number;
  publishTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  duplicateWindowMs?: number;
  /**
   * Create the county's stream when it is missing (default). Off where the community's NATS
   * account may publish but not manage streams: rows then wait until the county creates it.
   */
  createStream?: boolean;
  /** Sent rows older than this are deleted (pruneSent), at start and every `pruneEveryMs`. Default 7 days. */
  sentRetentionMs?: number;
  pruneEveryMs?: number;
  /** Called with each failure (publish, database); the relay keeps going. */
  onError?: (err: Error) => void;
}

export interface Outgoing { subject: string; msgId: string; seqs: number[]; records: number; body: Uint8Array }

export interface RelayStats {
  messages: number;
  records: number;
  /** Publishes the broker acknowledged as duplicates (a copy from an earlier attempt got through). */
  brokerDuplicates: number;
  failures: number;
  lastError: string | null;
  lastSentAt: number | null;
  /** Sent rows this relay deleted (older than the retention). */
  pruned: number;
  lastPrunedAt: number | null;
  /** Sealed rows that failed to open (UPLINK_SEALED_INVALID): marked refused, never published. */
  sealedRefused: number;
}

const encoder = new TextEncoder();

export class OutboxRelay {
  private readonly opts: Required<Omit<RelayOptions, "onError">> & Pick<RelayOptions, "onError">;
  private readonly js: JetStreamClient;
  private readonly waker = new Waker();
  private readonly backoff: Backoff;
  private running = false;
  private loop: Promise<void> | null = null;
  private streamReady = false;
  readonly stats: RelayStats = { messages: 0, records: 0, brokerDuplicates: 0, failures: 0, lastError: null, lastSentAt: null, pruned: 0, lastPrunedAt: null, sealedRefused: 0 };
  private nextPruneAt = 0;

  constructor(options: RelayOptions) {
    checkCode("countyCode", options.countyCode);
    checkCode("communityCode", options.communityCode);
    this.opts = {
      recordsPerMessage: Defaults.recordsPerMessage, maxMessageBytes: Defaults.maxMessageBytes, inFlight: Defaults.inFlight,
      pollMs: Defaults.pollMs, publishTimeoutMs: Defaults.publishTimeoutMs, backoffMinMs: Defaults.backoffMinMs,
      backoffMaxMs: Defaults.backoffMaxMs, duplicateWindowMs: Defaults.duplicateWindowMs, createStream: true,
      sentRetentionMs: Defaults.sentRetentionDays * 24 * 3600_000, pruneEveryMs: Defaults.pruneEveryMs, ...options,
    };
    this.js = options.nc.jetstream();
    this.backoff = new Backoff(this.opts.backoffMinMs, this.opts.backoffMaxMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the publish in hand (its rows stay unsent if it is not acknowledged). */
  async stop(): Promise<void> {
    this.running = false;
    this.waker.wake();
    await this.loop;
  }

  /** Call after enqueue to publish without waiting for the next poll. */
  notify(): void {
    this.waker.wake();
  }

  private async run(): Promise<void> {
    let held: Outgoing[] = [];
    while (this.running) {
      try {
        await this.pruneIfDue();
        if (!held.length) {
          const rows = await pendingRows(this.opts.ds, this.opts.recordsPerMessage * this.opts.inFlight);
          if (!rows.length) {
            await this.waker.sleep(this.opts.pollMs);
            continue;
          }
          // Sealed rows are opened here, in memory, just before publishing; one that does not
          // open is marked refused and counted, and the rest go on.
          const opened = openSealed(this.opts.ds, rows);
          if (opened.refused.length) {
            await markRefused(this.opts.ds, opened.refused.map((r) => r.seq));
            this.stats.sealedRefused += opened.refused.length;
            for (const r of opened.refused) this.fail(r.error);
          }
          if (!opened.rows.length) continue;
          held = this.pack(opened.rows);
        }
        held = await this.publish(held);
        if (held.length) await this.waker.sleep(this.backoff.next());
        else this.backoff.reset();
      } catch (err) {
        this.fail(err);
        await this.waker.sleep(this.backoff.next());
      }
    }
  }

  /** Delete sent rows past the retention (at start, then every pruneEveryMs); unsent rows are never touched. */
  private async pruneIfDue(): Promise<void> {
    const now = Date.now();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + this.opts.pruneEveryMs;
    this.stats.pruned += await pruneSent(this.opts.ds, this.opts.sentRetentionMs, now);
    this.stats.lastPrunedAt = now;
  }

  private fail(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.stats.failures++;
    this.stats.lastError = e.message;
    this.opts.onError?.(e);
  }

  pack(rows: OutboxRow[]): Outgoing[] {
    return packRows(this.opts.countyCode, this.opts.communityCode, rows, this.opts);
  }

  /** Publishes all, marks the acknowledged ones sent, hands back the ones to retry. */
  private async publish(messages: Outgoing[]): Promise<Outgoing[]> {
    if (!this.streamReady && this.opts.createStream) {
      await ensureStream(await this.opts.nc.jetstreamManager(), this.opts.countyCode, { duplicateWindowMs: this.opts.duplicateWindowMs });
      this.streamReady = true;
    }
    const sentAt = Date.now();
    const results = await Promise.allSettled(messages.map((m) => this.publishOne(m, sentAt)));
    const acked: number[] = [];
    const retry: Outgoing[] = [];
    results.forEach((r, i) => {
      const m = messages[i];
      if (r.status === "fulfilled") {
        acked.push(...m.seqs);
        this.stats.messages++;
        this.stats.records += m.records;
        if (r.value.duplicate) this.stats.brokerDuplicates++;
      } else {
        retry.push(m);
        this.fail(r.reason);
        if (/stream not found|no responders/i.test(String((r.reason as Error)?.message))) this.streamReady = false;
      }
    });
    if (acked.length) {
      await markSent(this.opts.ds, acked);
      this.stats.lastSentAt = Date.now();
    }
    return retry;
  }

  private publishOne(m: Outgoing, sentAt: number): Promise<PubAck> {
    // sentAt is the only part that changes between attempts; the id is what the broker dedupes on.
    const body = patchSentAt(m.body, sentAt);
    const h = natsHeaders();
    h.set("Anju-Records", String(m.records));
    return this.js.publish(m.subject, body, {
      msgID: m.msgId, headers: h, timeout: this.opts.publishTimeoutMs, expect: { streamName: streamName(this.opts.countyCode) },
    });
  }
}

const SENT_AT = encoder.encode(`"sentAt":0,`);

/** Replace the `"sentAt":0` placeholder without re-encoding the whole body. */
export function patchSentAt(body: Uint8Array, sentAt: number): Uint8Array {
  const at = indexOf(body, SENT_AT);
  if (at < 0) return body;
  const value = encoder.encode(`"sentAt":${sentAt},`);
  const out = new Uint8Array(body.length - SENT_AT.length + value.length);
  out.set(body.subarray(0, at), 0);
  out.set(value, at);
  out.set(body.subarray(at + SENT_AT.length), at + value.length);
  return out;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Consecutive rows of one kind share a message: source order is kept across messages. */
export function packRows(county: string, community: string, rows: OutboxRow[], limits: { recordsPerMessage: number; maxMessageBytes: number }): Outgoing[] {
  const out: Outgoing[] = [];
  let kind = "";
  let parts: string[] = [];
  let seqs: number[] = [];
  let bytes = 0;
  const flush = () => {
    if (!seqs.length) return;
    const head = `{"v":1,"county":${JSON.stringify(county)},"community":${JSON.stringify(community)},"kind":${JSON.stringify(kind)},"sentAt":`;
    out.push({ subject: subjectOf(county, community, kind), msgId: `${community}:${seqs[0]}-${seqs[seqs.length - 1]}`, seqs, records: seqs.length, body: encoder.encode(`${head}0,"records":[${parts.join(",")}]}`) });
    parts = [];
    seqs = [];
    bytes = 0;
  };
  for (const r of rows) {
    // Data is stored as JSON text already: it is spliced in, not parsed and written again.
    const part = `{"seq":${r.seq},"dev":${JSON.stringify(r.deviceCode)},"dseq":${r.deviceSeq},"ts":${r.ts},${r.sealed ? `"sealed":1,` : ""}"data":${r.data}}`;
    if (seqs.length && (r.kind !== kind || seqs.length >= limits.recordsPerMessage || bytes + part.length > limits.maxMessageBytes)) flush();
    kind = r.kind;
    parts.push(part);
    seqs.push(r.seq);
    bytes += part.length;
  }
  flush();
  return out;
}


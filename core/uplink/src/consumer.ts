/**
 * The county side's loop: take what the durable consumer has delivered, apply it in one
 * transaction, ack after commit. A crash between commit and ack means redelivery, which the
 * inbox's unique key turns into counted duplicates. A failed transaction leaves the batch
 * unacknowledged (nak with delay), so JetStream delivers it again.
 */
import type { Consumer, ConsumerMessages, JsMsg, NatsConnection } from "nats";
import type { DataSource } from "typeorm";
import { Defaults } from "./constants.js";
import { Backoff, Waker } from "./backoff.js";
import { applyMessages, releaseHeld, type ApplyResult, type InboxPolicy, type InboundMessage } from "./inbox.js";
import { checkCode, ensureConsumer, ensureStream, streamName, type ConsumerOptions } from "./stream.js";

export interface InboxConsumerOptions extends Omit<InboxPolicy, "skewThresholdMs">, ConsumerOptions {
  ds: DataSource;
  nc: NatsConnection;
  skewThresholdMs?: number;
  fetchMessages?: number;
  fetchExpiresMs?: number;
  duplicateWindowMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  onError?: (err: Error) => void;
  /** After each committed batch (tests and the host's metrics). */
  onApplied?: (result: ApplyResult) => void;
  /** How long records wait for a gap in their device's sequence (Defaults.holdMs). */
  holdMs?: number;
}

export interface ConsumerStats { batches: number; messages: number; failures: number; lastError: string | null }

export class InboxConsumer {
  private readonly policy: InboxPolicy;
  private readonly waker = new Waker();
  private readonly backoff: Backoff;
  private running = false;
  private loop: Promise<void> | null = null;
  private consumer: Consumer | null = null;
  private lastRelease = 0;
  readonly stats: ConsumerStats = { batches: 0, messages: 0, failures: 0, lastError: null };

  constructor(private readonly opts: InboxConsumerOptions) {
    checkCode("countyCode", opts.countyCode);
    this.policy = {
      countyCode: opts.countyCode, inSubtree: opts.inSubtree, onRecords: opts.onRecords,
      skewThresholdMs: opts.skewThresholdMs ?? Defaults.skewThresholdMs,
    };
    this.backoff = new Backoff(opts.backoffMinMs ?? Defaults.backoffMinMs, opts.backoffMaxMs ?? Defaults.backoffMaxMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand (committed and acked, or left for redelivery). */
  async stop(): Promise<void> {
    this.running = false;
    this.waker.wake();
    await this.loop;
  }

  /**
   * `consume()` keeps pull requests open and fills `buffer`; the loop takes whatever is there
   * (up to `fetchMessages`) per transaction — a fixed-size fetch would wait for the batch to
   * fill whenever the county has caught up. The subscription is rebuilt after any failure.
   */
  private async run(): Promise<void> {
    const max = this.opts.fetchMessages ?? Defaults.fetchMessages;
    while (this.running) {
      let messages: ConsumerMessages | null = null;
      try {
        const consumer = await this.ready();
        messages = await consumer.consume({ max_messages: max * 2, expires: Math.max(1000, this.opts.fetchExpiresMs ?? Defaults.fetchExpiresMs) });
        const buffer: JsMsg[] = [];
        let ended: Error | null = null;
        const sub = messages;
        const pump = (async () => {
          try {
            for await (const m of sub) {
              buffer.push(m);
              this.waker.wake();
            }
            ended = new Error("consumer subscription ended");
          } catch (err) {
            ended = err instanceof Error ? err : new Error(String(err));
          }
          this.waker.wake();
        })();
        while (this.running && !ended) {
          await this.releaseExpired();
          if (!buffer.length) {
            await this.waker.sleep(1000);
            continue;
          }
          await this.apply(buffer.splice(0, max));
          this.backoff.reset();
        }
        // Unacknowledged messages in the buffer come again after ack_wait.
        await sub.close().catch(() => undefined);
        await pump;
        if (ended && this.running) throw ended;
      } catch (err) {
        if (messages) await messages.close().catch(() => undefined);
        this.fail(err);
        this.consumer = null;
        if (this.running) await this.waker.sleep(this.backoff.next());
      }
    }
  }

  private async ready(): Promise<Consumer> {
    if (this.consumer) return this.consumer;
    const jsm = await this.opts.nc.jetstreamManager();
    await ensureStream(jsm, this.opts.countyCode, { duplicateWindowMs: this.opts.duplicateWindowMs });
    const durable = await ensureConsumer(jsm, this.opts.countyCode, this.opts);
    this.consumer = await this.opts.nc.jetstream().consumers.get(streamName(this.opts.countyCode), durable);
    return this.consumer;
  }

  private async apply(batch: JsMsg[]): Promise<void> {
    const inbound: InboundMessage[] = batch.map((m) => ({
      subject: m.subject, data: m.data, streamSeq: m.seq, storedAt: Math.round(m.info.timestampNanos / 1e6),
    }));
    let result: ApplyResult;
    try {
      result = await this.opts.ds.transaction((tx) => applyMessages(tx, this.policy, inbound));
    } catch (err) {
      for (const m of batch) m.nak(1000);
      throw err;
    }
    // Acks after commit; a lost ack only costs a redelivery that the unique key absorbs.
    for (const m of batch) m.ack();
    this.stats.batches++;
    this.stats.messages += batch.length;
    this.opts.onApplied?.(result);
  }

  /** At most every few seconds: the query is cheap but need not run per batch. */
  private async releaseExpired(): Promise<void> {
    const holdMs = this.opts.holdMs ?? Defaults.holdMs;
    if (Date.now() - this.lastRelease < Math.min(5000, holdMs)) return;
    this.lastRelease = Date.now();
    await this.opts.ds.transaction((tx) => releaseHeld(tx, this.policy, holdMs));
  }

  private fail(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.stats.failures++;
    this.stats.lastError = e.message;
    this.opts.onError?.(e);
  }
}

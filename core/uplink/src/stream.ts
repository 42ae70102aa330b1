/**
 * JetStream set-up. One stream per county holds everything its communities send upward
 * (`anju.uplink.<county>.<community>.<kind>`), on file storage, with the broker's duplicate
 * window for Nats-Msg-Id. Work-queue retention: a message stays until the county's consumer
 * acknowledges it, however long the county is away (bounded only by disk).
 */
import {
  AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos,
  type JetStreamManager, type NatsConnection, type StreamConfig,
} from "nats";
import { CODE_PATTERN, Defaults, SUBJECT_ROOT } from "./constants.js";
import { UplinkErrors } from "./errors.js";

export function checkCode(field: string, value: string): string {
  if (typeof value !== "string" || !CODE_PATTERN.test(value)) {
    throw UplinkErrors.UPLINK_CONFIG_INVALID({ field, reason: "must be 1–64 letters, digits, _ or -" });
  }
  return value;
}

export function streamName(county: string): string {
  return `ANJU_UPLINK_${checkCode("countyCode", county)}`;
}

export function subjectOf(county: string, community: string, kind: string): string {
  return `${SUBJECT_ROOT}.${county}.${community}.${kind}`;
}

export function durableName(county: string): string {
  return `anju-uplink-${checkCode("countyCode", county)}`;
}

export interface StreamOptions {
  duplicateWindowMs?: number;
  /** Disk cap for the stream; new messages are refused (the outbox keeps them) beyond it. */
  maxBytes?: number;
}

/** Create the county's stream, or bring an existing one's window and limits up to date. */
export async function ensureStream(jsm: JetStreamManager, county: string, opts: StreamOptions = {}): Promise<void> {
  const name = streamName(county);
  const config: Partial<StreamConfig> = {
    name,
    subjects: [`${SUBJECT_ROOT}.${county}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(opts.duplicateWindowMs ?? Defaults.duplicateWindowMs),
    max_bytes: opts.maxBytes ?? -1,
    num_replicas: 1,
  };
  try {
    const info = await jsm.streams.info(name);
    if (info.config.duplicate_window !== config.duplicate_window || info.config.max_bytes !== config.max_bytes) {
      await jsm.streams.update(name, { ...info.config, duplicate_window: config.duplicate_window, max_bytes: config.max_bytes });
    }
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
    await jsm.streams.add(config);
  }
}

export interface ConsumerOptions { ackWaitMs?: number; maxAckPending?: number }

/** The county's durable pull consumer: explicit acks, from the start of the stream. */
export async function ensureConsumer(jsm: JetStreamManager, county: string, opts: ConsumerOptions = {}): Promise<string> {
  const stream = streamName(county);
  const durable = durableName(county);
  try {
    await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (!/consumer not found/i.test((err as Error).message)) throw err;
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(opts.ackWaitMs ?? Defaults.ackWaitMs),
      max_ack_pending: opts.maxAckPending ?? 10_000,
      filter_subject: `${SUBJECT_ROOT}.${county}.>`,
    });
  }
  return durable;
}

/** Both ends call this once connected: whichever comes first creates the stream. */
export async function ensureUplink(nc: NatsConnection, county: string, opts: StreamOptions = {}): Promise<void> {
  await ensureStream(await nc.jetstreamManager(), county, opts);
}

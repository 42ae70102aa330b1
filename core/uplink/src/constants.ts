/** The uplink package's names: tables, migration owners, subjects, counters and defaults. */

export const OUTBOX_OWNER = "@uplink-outbox";
export const INBOX_OWNER = "@uplink-inbox";

export const Tables = {
  outbox: "anju_uplink_outbox",
  deviceSeq: "anju_uplink_device_seq",
  record: "anju_uplink_record",
  source: "anju_uplink_source",
  device: "anju_uplink_device",
  rejected: "anju_uplink_rejected",
  parked: "anju_uplink_parked",
} as const;

/** Why the county refused a message; stored with the rejection and counted by reason. */
export const RejectReasons = {
  outsideSubtree: "outside_subtree",
  malformed: "malformed",
  subjectMismatch: "subject_mismatch",
} as const;
export type RejectReason = (typeof RejectReasons)[keyof typeof RejectReasons];

/** Codes travel in NATS subjects: no dots, wildcards or spaces, and short enough for a varchar(64). */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const KIND_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const DEVICE_CODE_MAX = 128;

export const SUBJECT_ROOT = "anju.uplink";

export const Defaults = {
  /** Records per NATS message: one id, one ack and one county transaction cover them all. */
  recordsPerMessage: 200,
  /** A message never grows past this (JetStream's default max_payload is 1 MiB). */
  maxMessageBytes: 512 * 1024,
  /** Messages published before waiting for their acks. */
  inFlight: 16,
  pollMs: 200,
  publishTimeoutMs: 5000,
  backoffMinMs: 200,
  backoffMaxMs: 5000,
  /** Broker-side dedupe window; the county's unique key covers everything older. */
  duplicateWindowMs: 10 * 60 * 1000,
  /** Messages the county takes per transaction. */
  fetchMessages: 25,
  fetchExpiresMs: 1000,
  ackWaitMs: 30_000,
  /** A community clock further than this from the broker's is counted as skewed. */
  skewThresholdMs: 5000,
  /**
   * How long the county holds records that arrived ahead of a gap in their device's sequence
   * before letting them through anyway (the gap is counted). Longer than the consumer's
   * ack wait, so an unacknowledged batch from a crashed county is redelivered first.
   */
  holdMs: 10 * 60 * 1000,
  /** Sent outbox rows are kept this long (config `uplink.sentRetentionDays`, ANJU_UPLINK_SENT_RETENTION_DAYS). */
  sentRetentionDays: 7,
  /** How often the relay prunes sent rows (also once when it starts). */
  pruneEveryMs: 60 * 60 * 1000,
} as const;

/**
 * @anju/uplink — the durable upward link (Yiyang Y1/Y2): a community's outbox in its own
 * database → NATS JetStream → the county's deduplicating inbox. See docs/uplink.md.
 */
export { UplinkErrors } from "./errors.js";
export { Defaults as UplinkDefaults, RejectReasons, Tables as UplinkTables, OUTBOX_OWNER, INBOX_OWNER } from "./constants.js";
export type { RejectReason } from "./constants.js";
export { migrateOutbox, migrateInbox, OUTBOX_MIGRATIONS, INBOX_MIGRATIONS } from "./migrations.js";
export type { UplinkRecord, UplinkMessage, WireRecord } from "./record.js";
export { enqueue, pendingRows, openSealed, markSent, markRefused, outboxCounters, pruneSent } from "./outbox.js";
export type { OutboxRow, OutboxCounters, OpenedRows } from "./outbox.js";
export { installUplinkSeal, sealerOf as uplinkSealerOf, isSealed } from "./seal.js";
export type { UplinkSealer } from "./seal.js";
export { OutboxRelay } from "./relay.js";
export type { RelayOptions, RelayStats } from "./relay.js";
export { applyMessages, releaseHeld, inboxCounters } from "./inbox.js";
export type { InboundMessage, StoredRecord, InboxPolicy, ApplyResult, InboxCounters } from "./inbox.js";
export { InboxConsumer } from "./consumer.js";
export type { InboxConsumerOptions, ConsumerStats } from "./consumer.js";
export { ensureStream, ensureConsumer, ensureUplink, streamName, subjectOf, durableName } from "./stream.js";
export type { StreamOptions, ConsumerOptions } from "./stream.js";
export { subtreeOf, subtreeFromJurisdictions } from "./subtree.js";
export { uplinkCounters } from "./counters.js";
export type { UplinkCounters } from "./counters.js";
export { registerUplinkHandler, dispatchTo as uplinkDispatcher } from "./handlers.js";
export type { UplinkHandler } from "./handlers.js";
export { UplinkNode, resolveSettings as resolveUplinkSettings } from "./node.js";
export type { UplinkRole, UplinkSettings, UplinkStatus, UplinkTuning } from "./node.js";
export { uplinkModule, uplinkOf, UplinkActions, UplinkPermissions, UPLINK_ROUTES } from "./module.js";
export type { UplinkModuleOptions } from "./module.js";

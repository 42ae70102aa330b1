/**
 * One function the host serves (a metrics action, `anju uplink status`): what the community
 * has sent and still holds, what the county stored, dropped as duplicates, refused, or saw
 * out of order or with a skewed clock. Durable numbers come from the databases (they survive
 * restarts); the relay's and consumer's in-process numbers are added when given.
 */
import type { DataSource } from "typeorm";
import { outboxCounters, type OutboxCounters } from "./outbox.js";
import { inboxCounters, type InboxCounters } from "./inbox.js";
import type { OutboxRelay, RelayStats } from "./relay.js";
import type { InboxConsumer, ConsumerStats } from "./consumer.js";

export interface UplinkCounters {
  community?: OutboxCounters & { relay?: RelayStats };
  county?: InboxCounters & { consumer?: ConsumerStats };
}

export async function uplinkCounters(opts: { community?: DataSource; relay?: OutboxRelay; county?: DataSource; consumer?: InboxConsumer }): Promise<UplinkCounters> {
  const out: UplinkCounters = {};
  if (opts.community) out.community = { ...(await outboxCounters(opts.community)), ...(opts.relay ? { relay: { ...opts.relay.stats } } : {}) };
  if (opts.county) out.county = { ...(await inboxCounters(opts.county)), ...(opts.consumer ? { consumer: { ...opts.consumer.stats } } : {}) };
  return out;
}

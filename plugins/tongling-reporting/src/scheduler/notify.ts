/**
 * Notifications: written once per (job, audience) — the unique dedupe key makes a rerun of the
 * same job a no-op — and, when the jurisdiction names a webhook, queued for delivery to the
 * SMS/mail gateway. Delivery is an outbox: a node claims a notification with a lease, POSTs it
 * with an `Idempotency-Key` header, and marks it sent; a failure is retried with backoff. A
 * gateway may see a retry of a request it did receive (at least once), never two keys.
 */
import type { ServiceBroker } from "moleculer";
import { asSystem, dbTimestamp, tenantRepository } from "@anju/data";
import { hostOf } from "@anju/kernel";
import type { Audience, NotificationKind } from "../constants.js";
import { execute, isUniqueViolation, toDate } from "../db.js";
import { NotificationEntity, type NotificationRow } from "../entities/index.js";
import { settingsAt } from "../settings.js";

export interface NewNotification {
  jurisdiction: string;
  audience: Audience;
  kind: NotificationKind;
  period: string;
  countyCode: string;
  dedupeKey: string;
  title: { "zh-CN": string; en: string };
  body: { "zh-CN": string; en: string };
}

/** Returns false when the notification existed already (this job ran before). */
export async function notify(broker: ServiceBroker, n: NewNotification, now: Date): Promise<boolean> {
  const { webhookUrl } = await settingsAt(broker, n.jurisdiction);
  const repo = tenantRepository(hostOf(broker).ds, NotificationEntity, { jurisdiction: n.jurisdiction, subtree: false });
  try {
    await repo.insert({
      jurisdictionCode: n.jurisdiction, audience: n.audience, kind: n.kind, period: n.period, countyCode: n.countyCode, dedupeKey: n.dedupeKey,
      titleZh: n.title["zh-CN"], titleEn: n.title.en, bodyZh: n.body["zh-CN"], bodyEn: n.body.en, createdAt: now,
      deliveryState: webhookUrl ? "pending" : "none", deliveryUrl: webhookUrl || null, deliveryAttempts: 0, deliveryNextAt: webhookUrl ? now : null,
      deliveryLeaseOwner: null, deliveryLeaseUntil: null, deliveredAt: null, deliveryError: null,
    } as NotificationRow);
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

const DELIVERY_LEASE_MS = 2 * 60_000;
const MAX_DELIVERY_ATTEMPTS = 5;
const TIMEOUT_MS = 5000;

async function post(url: string, n: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": String(n.dedupe_key), "User-Agent": "anju-tongling-reporting" },
    body: JSON.stringify({
      id: Number(n.id), key: n.dedupe_key, kind: n.kind, audience: n.audience, jurisdiction: n.jurisdiction_code, county: n.county_code, period: n.period,
      title: { "zh-CN": n.title_zh, en: n.title_en }, body: { "zh-CN": n.body_zh, en: n.body_en }, createdAt: toDate(n.created_at)?.toISOString(),
    }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** Deliver what is due; returns how many this node sent. Runs across jurisdictions, as the system. */
export function deliverPending(broker: ServiceBroker, owner: string, now: Date, limit = 50): Promise<number> {
  const ds = hostOf(broker).ds;
  const t = dbTimestamp(now);
  return asSystem("tongling notification outbox", async () => {
    const due: Array<Record<string, unknown>> = await ds.query(
      `SELECT * FROM \`tongling_notification\` WHERE delivery_state = 'pending' AND delivery_next_at <= ? AND (delivery_lease_until IS NULL OR delivery_lease_until < ?) ORDER BY id LIMIT ${Math.trunc(limit)}`, [t, t]);
    let sent = 0;
    for (const n of due) {
      const claimed = await execute(ds,
        `UPDATE \`tongling_notification\` SET delivery_lease_owner = ?, delivery_lease_until = ?, delivery_attempts = delivery_attempts + 1
         WHERE id = ? AND delivery_state = 'pending' AND delivery_next_at <= ? AND (delivery_lease_until IS NULL OR delivery_lease_until < ?)`,
        [owner, dbTimestamp(new Date(now.getTime() + DELIVERY_LEASE_MS)), n.id, t, t]);
      if (claimed !== 1) continue;
      try {
        await post(String(n.delivery_url), n);
        await execute(ds, "UPDATE `tongling_notification` SET delivery_state = 'sent', delivered_at = ?, delivery_error = NULL, delivery_lease_owner = NULL, delivery_lease_until = NULL WHERE id = ? AND delivery_lease_owner = ?",
          [t, n.id, owner]);
        sent += 1;
      } catch (err) {
        const attempts = Number(n.delivery_attempts) + 1;
        await execute(ds, "UPDATE `tongling_notification` SET delivery_state = ?, delivery_next_at = ?, delivery_error = ?, delivery_lease_owner = NULL, delivery_lease_until = NULL WHERE id = ? AND delivery_lease_owner = ?",
          [attempts >= MAX_DELIVERY_ATTEMPTS ? "failed" : "pending", dbTimestamp(new Date(now.getTime() + 2 ** attempts * 60_000)), (err as Error).message.slice(0, 500), n.id, owner]);
      }
    }
    return sent;
  });
}

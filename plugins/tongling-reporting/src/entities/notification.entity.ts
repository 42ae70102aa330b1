import { defineTenantEntity } from "@anju/data";
import type { Audience, NotificationKind } from "../constants.js";
import { datetime, idColumn, varchar } from "./columns.js";

export const DELIVERY_STATES = ["none", "pending", "sent", "failed"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * An in-app notification addressed to a jurisdiction's reporters or reviewers, and its
 * delivery through the outbound webhook (an outbox: claimed with a lease, retried with backoff).
 * `dedupeKey` (job key + audience) is unique: a job run twice writes one notification.
 */
export interface NotificationRow {
  id: number;
  jurisdictionCode: string;
  audience: Audience;
  kind: NotificationKind;
  period: string;
  countyCode: string;
  dedupeKey: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  createdAt: Date;
  deliveryState: DeliveryState;
  deliveryUrl: string | null;
  deliveryAttempts: number;
  deliveryNextAt: Date | null;
  deliveryLeaseOwner: string | null;
  deliveryLeaseUntil: Date | null;
  deliveredAt: Date | null;
  deliveryError: string | null;
}

export const NotificationEntity = defineTenantEntity<NotificationRow>({
  name: "TonglingNotification",
  tableName: "tongling_notification",
  columns: {
    id: idColumn,
    audience: varchar(16),
    kind: varchar(16),
    period: varchar(7),
    countyCode: varchar(32, "county_code"),
    dedupeKey: varchar(191, "dedupe_key"),
    titleZh: varchar(200, "title_zh"),
    titleEn: varchar(200, "title_en"),
    bodyZh: varchar(500, "body_zh"),
    bodyEn: varchar(500, "body_en"),
    createdAt: datetime("created_at"),
    deliveryState: varchar(16, "delivery_state"),
    deliveryUrl: varchar(500, "delivery_url", true),
    deliveryAttempts: { name: "delivery_attempts", type: "integer" },
    deliveryNextAt: datetime("delivery_next_at", true),
    deliveryLeaseOwner: varchar(100, "delivery_lease_owner", true),
    deliveryLeaseUntil: datetime("delivery_lease_until", true),
    deliveredAt: datetime("delivered_at", true),
    deliveryError: varchar(500, "delivery_error", true),
  },
});

export { ReportEntity, type ReportRow } from "./report.entity.js";
export { ReportEventEntity, REPORT_EVENT_ACTIONS, type ReportEventAction, type ReportEventRow } from "./report-event.entity.js";
export { AttestationEntity, type AttestationRow } from "./attestation.entity.js";
export { FindingEntity, type FindingRow } from "./finding.entity.js";
export { NotificationEntity, DELIVERY_STATES, type DeliveryState, type NotificationRow } from "./notification.entity.js";

import { ReportEntity } from "./report.entity.js";
import { ReportEventEntity } from "./report-event.entity.js";
import { AttestationEntity } from "./attestation.entity.js";
import { FindingEntity } from "./finding.entity.js";
import { NotificationEntity } from "./notification.entity.js";

/** Tenant tables (TypeORM entities). The job and read-receipt tables are host-internal and used through SQL. */
export const TONGLING_ENTITIES = [ReportEntity, ReportEventEntity, AttestationEntity, FindingEntity, NotificationEntity];

/** Tables used through plain SQL (no jurisdiction of their own: keyed by job or by notification). */
export const JOB_TABLE = "tongling_job";
export const NOTIFICATION_READ_TABLE = "tongling_notification_read";

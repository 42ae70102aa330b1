/**
 * @anju/audit — the append-only, hash-chained audit trail: the `audit` service, the kernel's
 * audit slot middleware, the sink behind `host.audit(event)`, verify and retention purge.
 */
export { AuditActions, AuditPermissions, AUDIT_ADMIN_ROLE, AUDIT_RESULTS, MIN_RETENTION_DAYS, AUDIT_TABLE, LIMITS } from "./constants.js";
export type { AuditResult } from "./constants.js";
export { AuditErrors } from "./errors.js";
export type { AuditErrorCode } from "./errors.js";
export { createAuditService, auditService, RECORD_PARAMS } from "./service.js";
export type { RecordParams } from "./service.js";
export { auditMiddleware, auditRuleOf, AUDITED_VERBS } from "./middleware.js";
export type { AuditActionOptions } from "./middleware.js";
export { createAuditSink, recordAudit } from "./sink.js";
export type { AuditSink } from "./sink.js";
export { emitAudit } from "./emit.js";
export type { EmitOptions } from "./emit.js";
export { auditLogOf } from "./registry.js";
export type { AuditOptions, AuditAuthorizer } from "./registry.js";
export { interimAuthorize } from "./authorize.js";
export { AuditLog } from "./log.js";
export type { AuditEventInput, RecordReceipt, PurgeReport, QueryPage, RecordedVerifyReport } from "./log.js";
export type { AuditEntry, AuditFilter } from "./query.js";
export { verifyAudit, formatVerifyReport, purgeAudit } from "./cli.js";
export type { VerifyReport, VerifyProblem, VerifyOptions, ProblemKind } from "./verify.js";
export { AUDIT_MIGRATIONS, migrateAudit } from "./migrations.js";
export { serialiseDetail, isSensitiveKey, maskPiInText } from "./sanitise.js";
export { KEY_FILE_NAME } from "./keys.js";
export { auditModule } from "./module.js";

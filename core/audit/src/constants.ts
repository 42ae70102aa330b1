/** Names other packages use: action names, permission codes, results, limits. */

export const AuditActions = {
  record: "audit.record",
  query: "audit.query",
  export: "audit.export",
  verify: "audit.verify",
  purge: "audit.purge",
} as const;

/** Permission codes the audit actions declare (RBAC gives them to the audit administrator only). */
export const AuditPermissions = {
  read: "audit:read",
  export: "audit:export",
  verify: "audit:verify",
  purge: "audit:purge",
} as const;

/** The built-in role that holds the audit permissions (RBAC owns roles; the interim check uses this). */
export const AUDIT_ADMIN_ROLE = "audit-admin";

export const AUDIT_RESULTS = ["success", "failure", "denied"] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Cybersecurity Law art. 21: network logs are kept for at least six months. */
export const MIN_RETENTION_DAYS = 180;

export const AUDIT_TABLE = "anju_audit";
export const MIGRATION_OWNER = "@audit";

/** anju_meta keys. The head row is also the lock every append takes. */
export const META_HEAD = "audit.head";
/** First retained row after a purge: `<seq>:<prev_hash>` (before any purge: `1:<genesis>`). */
export const META_BASE = "audit.base";

/** prev_hash of the very first row. */
export const GENESIS_HASH = "0".repeat(64);

/** Column limits: values are cut to these before hashing so the database never truncates. */
export const LIMITS = {
  userId: 64,
  jurisdiction: 32,
  action: 100,
  object: 200,
  ip: 45,
  /** Serialised `detail` JSON, characters. */
  detail: 4096,
} as const;

/** Event action names: lower-case words joined by `.` or `:`, e.g. `identity.login`, `rbac.grant`, `pi.unmask`. */
export const ACTION_PATTERN = "^[a-z][a-z0-9_-]*([.:][a-z0-9_-]+)*$";

/**
 * One AuditLog per host. The service, the middleware and the sink all reach the log through
 * `auditLogOf(host)`, so they share one append queue and one key. Options (key, retention,
 * clock) are registered by the audit service when it is created on the host's broker; without
 * the service the log runs on defaults (key from the environment or the data folder).
 */
import type { ServiceBroker } from "moleculer";
import type { AnjuHost, RequestContext } from "@anju/kernel";
import { MIN_RETENTION_DAYS } from "./constants.js";
import { AuditErrors } from "./errors.js";
import { resolveKeyring, type AuditKeyOptions } from "./keys.js";
import { AuditLog } from "./log.js";

export type AuditAuthorizer = (rc: Readonly<RequestContext>, permission: string) => boolean;

export interface AuditOptions extends AuditKeyOptions {
  /** Days records are kept at least; ≥ 180 (default 180). */
  retentionDays?: number;
  /** Injected clock (tests of retention). */
  clock?: () => Date;
  batchSize?: number;
  exportLimit?: number;
  /**
   * Who may query/export/verify/purge, checked inside the actions. Default: the interim check
   * (system principal, or a user holding the `audit-admin` role). Once the RBAC slot enforces
   * the actions' `permission` codes, pass `() => true` to leave it all to RBAC.
   */
  authorize?: AuditAuthorizer;
}

const optionsByBroker = new WeakMap<ServiceBroker, AuditOptions>();
const logs = new WeakMap<AnjuHost, { log: AuditLog; options: AuditOptions | undefined }>();

export function checkAuditOptions(options: AuditOptions): void {
  const days = options.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < MIN_RETENTION_DAYS)) {
    throw AuditErrors.AUDIT_CONFIG_INVALID({ reason: `retentionDays 至少 ${MIN_RETENTION_DAYS} / retentionDays must be ≥ ${MIN_RETENTION_DAYS}` });
  }
}

export function registerAuditOptions(broker: ServiceBroker, options: AuditOptions): void {
  optionsByBroker.set(broker, options);
}

export function auditOptionsOf(broker: ServiceBroker): AuditOptions {
  return optionsByBroker.get(broker) ?? {};
}

/**
 * The host's audit log (created on first use, after the host has opened its database). If the
 * options were registered after a first use (a host module that audits before the service is
 * created), the log is rebuilt with them, so the configured key is the one that writes.
 */
export function auditLogOf(host: AnjuHost): AuditLog {
  const entry = logs.get(host);
  const registered = optionsByBroker.get(host.broker);
  if (entry && entry.log.ds === host.ds && entry.options === registered) return entry.log;
  const o = registered ?? {};
  const log = new AuditLog(host.ds, {
    keyring: resolveKeyring(o, process.env, host.config.dataDir),
    retentionDays: o.retentionDays ?? MIN_RETENTION_DAYS,
    clock: o.clock ?? (() => new Date()),
    batchSize: o.batchSize ?? 256,
    exportLimit: o.exportLimit ?? 100_000,
  });
  logs.set(host, { log, options: registered });
  return log;
}

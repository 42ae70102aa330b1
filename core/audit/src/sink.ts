/**
 * `createAuditSink(host)`: what the kernel's `host.audit(event)` calls. Host code is trusted to
 * name the user and jurisdiction it acts for; the record is committed when the promise
 * resolves, and a failure rejects (the kernel should let it surface, not swallow it).
 */
import type { AnjuHost } from "@anju/kernel";
import type { AuditEventInput, RecordReceipt } from "./log.js";
import { auditLogOf } from "./registry.js";

export interface AuditSink {
  record(event: AuditEventInput): Promise<void>;
}

export function createAuditSink(host: AnjuHost): AuditSink {
  return {
    async record(event: AuditEventInput): Promise<void> {
      await auditLogOf(host).record(event);
    },
  };
}

/** Same, returning the stored row's seq and hash (tests, the CLI). */
export function recordAudit(host: AnjuHost, event: AuditEventInput): Promise<RecordReceipt> {
  return auditLogOf(host).record(event);
}

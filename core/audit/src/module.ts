/**
 * The audit package as one host module: the `audit` service, the audit slot, the sink behind
 * `host.audit(event)`, and its migrations at set-up — all sharing one options object (key,
 * retention), registered before anything can write.
 *   createHost({ modules: [auditModule({ retentionDays: 365 })] })
 */
import type { HostModule } from "@anju/kernel";
import { auditMiddleware } from "./middleware.js";
import { auditLogOf, checkAuditOptions, registerAuditOptions, type AuditOptions } from "./registry.js";
import { createAuditService } from "./service.js";
import { createAuditSink } from "./sink.js";

export function auditModule(options: AuditOptions = {}): HostModule {
  checkAuditOptions(options);
  return {
    name: "audit",
    services: [createAuditService(options)],
    slots: { audit: auditMiddleware() },
    auditSink(host) {
      registerAuditOptions(host.broker, options);
      return createAuditSink(host);
    },
    async setup(host) {
      registerAuditOptions(host.broker, options);
      await auditLogOf(host).ready();
    },
  };
}

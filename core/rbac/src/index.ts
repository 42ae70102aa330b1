/** @anju/rbac — Casbin RBAC with jurisdiction domains, separation of duties, plugin permissions. */
export { rbacService, RbacActions, RBAC_CHANGED_EVENT } from "./service.js";
export type { RbacServiceOptions } from "./service.js";
export { rbacMiddleware, checkRoute, ensurePermission, hasPermission } from "./middleware.js";
export { installPluginPolicies, removePluginPolicies, reconcilePluginPolicies, pluginRulesOf } from "./plugin-policies.js";
export { install } from "./install.js";
export { rbacModule, rbacAuthorizer } from "./module.js";
export { migrate, RBAC_MIGRATIONS, POLICY_TABLE, MIGRATION_OWNER } from "./migrations.js";
export { GENERATION_KEY } from "./generation.js";
export { RbacEngine } from "./engine.js";
export type { RbacChange } from "./engine.js";
export { engineOf, subjectOf } from "./registry.js";
export { PolicyAdapter } from "./adapter.js";
export { RbacErrors } from "./errors.js";
export type { RbacErrorCode } from "./errors.js";
export { BuiltinRoles, BUILTIN_ROLES, SOD_ROLES } from "./roles.js";
export type { RoleDefinition } from "./roles.js";
export {
  RbacPermissions, IdentityPermissions, AuditPermissions, WorkPermissions, DUTIES, dutyOf, dutiesOf, isReservedPermission,
} from "./permissions.js";
export type { Duty } from "./permissions.js";
export { RbacAuditActions, AUDIT_RECORD_ACTION } from "./audit.js";
export type { AuditEvent } from "./audit.js";
export { GLOBAL_DOMAIN, RBAC_MODEL } from "./model.js";
export type { Grant, PolicyRule } from "./store.js";
export type { RoleInfo } from "./catalogue.js";

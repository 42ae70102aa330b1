/** Users (core/identity), roles and grants (core/rbac via core/console's routes), audit (core/audit). */
import { http } from "./http";
import type { Grant, Jurisdiction, Page, PublicUser } from "./types";

export interface RoleInfo { code: string; displayName: { "zh-CN": string; en: string }; permissions: string[]; source?: string; duty?: string }
export interface PolicyRule { role: string; jurisdiction: string; permission: string; source?: string }
export interface AuditRow {
  seq: number; at: string; userId: string | null; jurisdiction: string | null; ip: string | null;
  action: string; object: string | null; result: "success" | "failure" | "denied"; detail: Record<string, unknown> | null; hash?: string;
}
export interface AuditFilter { from?: string; to?: string; userId?: string; action?: string; object?: string; jurisdiction?: string; result?: string }

export const usersApi = {
  list: (q: { q?: string; includeDisabled?: boolean; page: number; pageSize: number }) => http.get<Page<PublicUser>>("/api/users", q),
  create: (body: { username: string; displayName?: string; jurisdiction?: string; password?: string }) =>
    http.post<{ user: PublicUser; password?: string }>("/api/users", body),
  disable: (id: string) => http.post<{ user: PublicUser }>(`/api/users/${id}/disable`),
  enable: (id: string) => http.post<{ user: PublicUser }>(`/api/users/${id}/enable`),
  resetPassword: (id: string) => http.post<{ password: string }>(`/api/users/${id}/reset-password`),
  resetTotp: (id: string) => http.post<{ reset: boolean }>(`/api/users/${id}/reset-totp`),
};

export const rbacApi = {
  roles: () => http.get<RoleInfo[]>("/api/rbac/roles"),
  policies: (q: { role?: string; jurisdiction?: string } = {}) => http.get<PolicyRule[]>("/api/rbac/policies", q),
  addPolicy: (rule: { role: string; permission: string; jurisdiction: string }) => http.post<PolicyRule>("/api/rbac/policies", rule),
  removePolicy: (rule: { role: string; permission: string; jurisdiction: string }) => http.post<PolicyRule>("/api/rbac/policies/remove", rule),
  grantsOf: (userId: string) => http.get<Grant[]>(`/api/rbac/users/${encodeURIComponent(userId)}/grants`),
  grant: (g: { userId: string; role: string; jurisdiction: string }) => http.post<Grant>("/api/rbac/grants", g),
  revoke: (g: { userId: string; role: string; jurisdiction: string }) => http.post<Grant>("/api/rbac/grants/revoke", g),
};

export const auditApi = {
  query: (f: AuditFilter & { page: number; pageSize: number }) => http.get<Page<AuditRow>>("/api/audit", { ...f }),
  exportCsv: (f: AuditFilter) => http.get<string>("/api/audit/export", { ...f }, { text: true }),
  verify: () => http.post<{ ok: boolean; checked: number; problems: Array<{ seq: number; kind: string; message: { "zh-CN": string; en: string } }> }>("/api/audit/verify"),
};

export const jurisdictionsApi = {
  list: () => http.get<Jurisdiction[]>("/api/jurisdictions"),
  create: (j: { code: string; name: string; level: string; parentCode?: string | null }) => http.post<Jurisdiction>("/api/jurisdictions", j),
  update: (code: string, patch: { name: string }) => http.patch<Jurisdiction>(`/api/jurisdictions/${code}`, patch),
  remove: (code: string) => http.delete<unknown>(`/api/jurisdictions/${code}`),
};

/** Sign-in and the signed-in user's own account (core/identity's `auth` routes). */
import { http } from "./http";
import type { Jurisdiction, LoginAnswer, Me } from "./types";

export const authApi = {
  login: (username: string, password: string, otp?: string) =>
    http.post<LoginAnswer>("/api/auth/login", { username, password, ...(otp ? { otp } : {}) }, { noRelogin: true }),
  logout: () => http.post<{ loggedOut: boolean }>("/api/auth/logout", {}, { noRelogin: true }),
  me: (opts: { noRelogin?: boolean } = {}) => http.get<Me>("/api/auth/me", undefined, opts),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<{ changed: boolean }>("/api/auth/password", { currentPassword, newPassword }, { noRelogin: true }),
  switchJurisdiction: (jurisdiction: string) =>
    http.post<{ jurisdiction: { code: string; name: string; level: string } }>("/api/auth/jurisdiction", { jurisdiction }),
  totpEnroll: () => http.post<{ secret: string; uri: string }>("/api/auth/totp/enroll", {}, { noRelogin: true }),
  totpConfirm: (code: string) => http.post<{ recoveryCodes: string[] }>("/api/auth/totp/confirm", { code }, { noRelogin: true }),
  /** Nodes the user may switch to (core/console). */
  switchable: () => http.get<Jurisdiction[]>("/api/console/jurisdictions"),
};

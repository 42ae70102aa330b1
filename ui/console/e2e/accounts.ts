/** Over-the-wire helpers for the browser tests: JSON calls with a session cookie, and staff accounts ready to sign in. */
import { expect } from "vitest";
import { ADMINS, type E2eNode } from "./node.js";

// `any`: the JSON of whichever route a test calls; the tests assert on its fields directly.
export interface ApiAnswer { status: number; body: any; cookie: string }

export async function api(node: E2eNode, cookie: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(node.url + path, { method, headers: { Cookie: cookie, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json(), cookie: res.headers.get("set-cookie")?.split(";")[0] ?? cookie };
}

export async function signInOverApi(node: E2eNode, username: string, password: string): Promise<string> {
  const r = await api(node, "", "POST", "/api/auth/login", { username, password });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.cookie;
}

export interface Staff { id: string; username: string; password: string }

/**
 * A staff account made by the security administrator, granted `role` at `jurisdiction`, its
 * first password already replaced (so the browser signs straight in), or left to change when
 * `firstPassword` is asked for.
 */
export async function createStaff(node: E2eNode, s: { username: string; displayName: string; role: string; jurisdiction: string; password: string; keepFirst?: string }): Promise<Staff> {
  const sec = await signInOverApi(node, "secadmin", ADMINS.secadmin.password);
  const first = s.keepFirst ?? `${s.password}-first`;
  const made = await api(node, sec, "POST", "/api/users", { username: s.username, displayName: s.displayName, jurisdiction: s.jurisdiction, password: first });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
  const granted = await api(node, sec, "POST", "/api/rbac/grants", { userId: made.body.user.id, role: s.role, jurisdiction: s.jurisdiction });
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  if (!s.keepFirst) {
    const own = await signInOverApi(node, s.username, first);
    const changed = await api(node, own, "POST", "/api/auth/password", { currentPassword: first, newPassword: s.password });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  }
  return { id: made.body.user.id, username: s.username, password: s.keepFirst ?? s.password };
}

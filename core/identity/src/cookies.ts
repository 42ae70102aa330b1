/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site sends),
 * Path=/, Secure when served over TLS. No Max-Age: it dies with the browser; the server enforces
 * the idle and absolute limits anyway.
 */
import { SESSION_COOKIE } from "./actions.js";

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** Tells the browser to drop the cookie (logout, or a dead session the gateway refused). */
export function clearSessionCookie(secure = false): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secure ? "; Secure" : ""}`;
}

/**
 * The session id from a Cookie header: undefined when there is no session cookie, "" when
 * there is one but it is empty. Several copies (a cookie-tossing attempt) count as invalid.
 */
export function sessionTokenFrom(cookieHeader: string | undefined | null): string | undefined {
  if (!cookieHeader) return undefined;
  const values = cookieHeader.split(";")
    .map((c) => c.trim())
    .filter((c) => c.startsWith(`${SESSION_COOKIE}=`))
    .map((c) => c.slice(SESSION_COOKIE.length + 1));
  if (values.length === 0) return undefined;
  if (values.length > 1) return "";
  return values[0];
}

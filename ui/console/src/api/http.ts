/**
 * The console's one request client: same-origin JSON with the session cookie, the caller's
 * language in Accept-Language (the server answers errors in it), and every error turned into
 * an ApiError carrying the server's stable code and localised message.
 *
 * When the session is lost while someone is working (H9 idle timeout, or signed out
 * elsewhere), the request is not failed: it waits for the lock screen's re-login and is then
 * sent again, so whatever the page held — a half-filled form — is still there and its save
 * goes through.
 *
 * An answer that is not ours — a proxy's HTML page, a crashed process's stack trace — is never
 * shown as it is: the user gets a message for its status in their language.
 */

export interface ErrorBody { error: { code: string; message: string; data?: Record<string, unknown> } }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly data: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
  }
}

/** Codes that mean "this session is gone; sign in again". */
export const SESSION_LOST_CODES = new Set(["SESSION_EXPIRED", "SESSION_INVALID", "UNAUTHENTICATED"]);

export interface RequestOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  /** Do not wait for a re-login on 401 (sign-in itself, the first "who am I"). */
  noRelogin?: boolean;
  /** Return the response text (CSV exports). */
  text?: boolean;
  /** Return the body as a Blob with the response's headers (file downloads). */
  blob?: boolean;
}

interface ClientHooks {
  locale(): string;
  /** The user's-language message for a status whose answer carried none of ours (0: no usable answer). */
  statusMessage(status: number): string;
  /** Resolves once the user has signed in again; rejects if they gave up. */
  sessionLost?(err: ApiError): Promise<void>;
}

const hooks: ClientHooks = { locale: () => "zh-CN", statusMessage: (status) => (status ? `HTTP ${status}` : "bad response") };

export function configureClient(next: Partial<ClientHooks>): void {
  Object.assign(hooks, next);
}

export function buildUrl(path: string, query?: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

/** Fill `:name` segments from `values`; the values used are removed from what is left. */
export function fillPath(path: string, values: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const rest = { ...values };
  const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const v = rest[name];
    delete rest[name];
    return encodeURIComponent(String(v ?? ""));
  });
  return { path: filled, rest };
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const accept = options.blob ? "*/*" : options.text ? "text/csv, application/json" : "application/json";
  const headers: Record<string, string> = { "Accept-Language": hooks.locale(), Accept: accept };
  let body: string | undefined;
  if (options.body !== undefined && method !== "GET") {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  return fetch(buildUrl(path, options.query), { method, headers, body, credentials: "same-origin" });
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as Partial<ErrorBody>;
    if (parsed.error?.code && typeof parsed.error.message === "string") {
      return new ApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.data ?? {});
    }
  } catch { /* not JSON: a proxy's page or a stack trace, neither for the user's eyes */ }
  return new ApiError(res.status, `HTTP_${res.status}`, hooks.statusMessage(res.status));
}

/** A success whose body is not the JSON we expect (a proxy's login page answered 200). */
function parseBody<T>(res: Response, text: string): T {
  try {
    return (text ? JSON.parse(text) : null) as T;
  } catch {
    throw new ApiError(res.status, "BAD_RESPONSE", hooks.statusMessage(0));
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, options);
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && SESSION_LOST_CODES.has(err.code) && !options.noRelogin && hooks.sessionLost) {
      await hooks.sessionLost(err);
      res = await send(method, path, options);
      if (!res.ok) throw await errorOf(res);
    } else {
      throw err;
    }
  }
  if (options.text) return (await res.text()) as T;
  if (options.blob) return { blob: await res.blob(), headers: res.headers } as T;
  return parseBody<T>(res, await res.text());
}

export const http = {
  get: <T>(path: string, query?: Record<string, unknown>, opts: Omit<RequestOptions, "query"> = {}) => request<T>("GET", path, { ...opts, query }),
  post: <T>(path: string, body: unknown = {}, opts: Omit<RequestOptions, "body"> = {}) => request<T>("POST", path, { ...opts, body }),
  put: <T>(path: string, body: unknown = {}) => request<T>("PUT", path, { body }),
  patch: <T>(path: string, body: unknown = {}) => request<T>("PATCH", path, { body }),
  delete: <T>(path: string, query?: Record<string, unknown>) => request<T>("DELETE", path, { query }),
};

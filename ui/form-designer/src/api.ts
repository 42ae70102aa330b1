/**
 * The form service as the components see it: an interface the host app hands in (so the
 * console can route calls through its own request client, with its session handling), and a
 * default implementation on `fetch` with relative `/api/forms…` URLs and the session cookie.
 * Shapes follow core/forms (service/views.ts); errors are the gateway's `{ error: { code,
 * message, data } }`, thrown as FormsApiError with the same members as the console's ApiError.
 */
import { inject, provide, type InjectionKey } from "vue";

export interface Title {
  "zh-CN": string;
  en: string;
}

export interface FormOwner {
  plugin: string | null;
  jurisdiction: string | null;
}

export type JsonObject = Record<string, unknown>;

export interface VersionSummary {
  version: number;
  state: "draft" | "published";
  title: Title;
  pluginVersion: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface FormVersion extends VersionSummary {
  key: string;
  owner: FormOwner;
  schema: JsonObject;
  uischema: JsonObject | null;
}

export interface VersionList {
  key: string;
  owner: FormOwner;
  versions: VersionSummary[];
}

export interface ExtensionStatus {
  jurisdiction: string;
  revision: number;
  status: "ok" | "conflict" | string;
  baseVersion: number;
  conflicts: unknown[];
  updatedBy: string | null;
  updatedAt: string;
}

/** The form in force for the caller's jurisdiction (published version, plus extensions). */
export interface EffectiveForm {
  key: string;
  owner: FormOwner;
  title: Title;
  version: number;
  pluginVersion: string | null;
  publishedAt: string | null;
  extension: ExtensionStatus | null;
  schema: JsonObject;
  uischema: JsonObject | null;
}

export interface FormListItem {
  key: string;
  owner: FormOwner;
  title: Title | null;
  published: { version: number; pluginVersion: string | null; publishedAt: string | null } | null;
  draft: { version: number; updatedAt: string } | null;
  extension: { revision: number; status: string; baseVersion: number } | null;
}

export interface FormChange {
  section: "title" | "schema" | "uischema";
  path: string;
  kind: "added" | "removed" | "changed";
  from?: unknown;
  to?: unknown;
  /** The server's own one-line English-ish text (`properties.age.maximum 120 → 100`). */
  text: string;
}

export interface FormDiff {
  key: string;
  from: number;
  to: number;
  changes: FormChange[];
}

export interface Submission {
  id: string;
  key: string;
  version: number;
  extension: { jurisdiction: string; revision: number } | null;
  jurisdiction: string;
  data: JsonObject;
  submittedBy: string | null;
  createdAt: string;
  attachments: Array<{ id: string; field: string; name: string; type: string; mime: string; size: number; sha256: string }>;
}

/** One refused answer of FORM_SUBMISSION_INVALID: `path` is the data path in dots (`contact.phone`, `rows.1.name`). */
export interface FieldError {
  path: string;
  keyword: string;
  message: string;
  messages?: Partial<Record<"zh-CN" | "en", string>>;
}

export interface FormsApi {
  list(): Promise<FormListItem[]>;
  /** The effective published form (FORM_NOT_PUBLISHED before the first publish). */
  get(key: string): Promise<EffectiveForm>;
  create(input: { key: string; title: Title; schema: JsonObject; uischema?: JsonObject | null }): Promise<FormVersion>;
  /** `version` names the version the edit is based on (FORM_VERSION_IMMUTABLE if it is an older published one). */
  saveDraft(key: string, input: { title?: Title; schema?: JsonObject; uischema?: JsonObject | null; version?: number }): Promise<FormVersion>;
  publish(key: string): Promise<FormVersion>;
  versions(key: string): Promise<VersionList>;
  version(key: string, version: number): Promise<FormVersion>;
  diff(key: string, from: number, to: number): Promise<FormDiff>;
  extend(key: string, input: { schema: JsonObject; uischema?: JsonObject | null }): Promise<JsonObject>;
  submit(key: string, data: JsonObject): Promise<Submission>;
}

export class FormsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "FormsApiError";
  }
}

/** The code, message and data of any error shaped like the server's (FormsApiError, the console's ApiError), else null. */
export function serverErrorOf(err: unknown): { code: string; message: string; data: Record<string, unknown> } | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof e.code !== "string") return null;
  return { code: e.code, message: typeof e.message === "string" ? e.message : e.code, data: (e.data as Record<string, unknown>) ?? {} };
}

export interface FetchFormsApiOptions {
  /** Prefix of the routes; default `/api` (same origin as the console). */
  baseUrl?: string;
  /** Sent as Accept-Language: the server words its errors in it. Default zh-CN. */
  locale?: () => string;
  fetch?: typeof fetch;
}

export function createFormsApi(options: FetchFormsApiOptions = {}): FormsApi {
  const base = options.baseUrl ?? "/api";
  const locale = options.locale ?? (() => "zh-CN");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": locale() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await doFetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page): reported below with the status.
    }
    if (!res.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; data?: Record<string, unknown> } } | null)?.error;
      if (error?.code) throw new FormsApiError(res.status, error.code, error.message ?? error.code, error.data ?? {});
      throw new FormsApiError(res.status, `HTTP_${res.status}`, text.slice(0, 200) || res.statusText);
    }
    return parsed as T;
  }

  const k = (key: string) => `/forms/${encodeURIComponent(key)}`;
  return {
    list: () => call("GET", "/forms"),
    get: (key) => call("GET", k(key)),
    create: (input) => call("POST", "/forms", input),
    saveDraft: (key, input) => call("PUT", `${k(key)}/draft`, input),
    publish: (key) => call("POST", `${k(key)}/publish`, {}),
    versions: (key) => call("GET", `${k(key)}/versions`),
    version: (key, version) => call("GET", `${k(key)}/versions/${version}`),
    diff: (key, from, to) => call("GET", `${k(key)}/diff?from=${from}&to=${to}`),
    extend: (key, input) => call("PUT", `${k(key)}/extension`, input),
    submit: (key, data) => call("POST", `${k(key)}/submissions`, { data }),
  };
}

const FORMS_API: InjectionKey<FormsApi> = Symbol("anju-forms-api");

/** Lets a host give every form component one FormsApi (app.provide or a parent's setup). */
export function provideFormsApi(api: FormsApi, app?: { provide(key: InjectionKey<FormsApi>, value: FormsApi): unknown }): void {
  if (app) app.provide(FORMS_API, api);
  else provide(FORMS_API, api);
}

/** The `api` prop, else a provided FormsApi, else the fetch-based default. */
export function useFormsApi(prop: () => FormsApi | undefined): () => FormsApi {
  const provided = inject(FORMS_API, null);
  let fallback: FormsApi | undefined;
  return () => prop() ?? provided ?? (fallback ??= createFormsApi());
}

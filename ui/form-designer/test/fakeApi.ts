/**
 * An in-memory FormsApi for component tests: the same answers and error shapes as core/forms
 * (versions, drafts that become new versions after a publish, effective form = latest published).
 */
import { FormsApiError, type FormsApi, type FormVersion, type JsonObject, type Submission, type Title, type FieldError } from "../src/api";

export interface FakeApi extends FormsApi {
  calls: Array<[string, ...unknown[]]>;
  stored: FormVersion[];
  /** Next submit answers with these field errors (FORM_SUBMISSION_INVALID). */
  refuseNextSubmit(fields: FieldError[]): void;
}

export function fakeApi(seed: Array<{ key: string; title: Title; schema: JsonObject; uischema?: JsonObject | null; state?: "draft" | "published"; plugin?: string }> = []): FakeApi {
  const stored: FormVersion[] = [];
  const calls: FakeApi["calls"] = [];
  let refusal: FieldError[] | null = null;
  const now = () => "2025-01-01T00:00:00.000Z";
  const owners = new Map<string, FormVersion["owner"]>();
  const add = (key: string, version: number, state: "draft" | "published", title: Title, schema: JsonObject, uischema: JsonObject | null) => {
    const v: FormVersion = {
      key, owner: owners.get(key) ?? { plugin: null, jurisdiction: "j1" }, version, state, title, schema, uischema, pluginVersion: null,
      createdBy: "u1", createdAt: now(), updatedAt: now(), publishedBy: state === "published" ? "u1" : null, publishedAt: state === "published" ? now() : null,
    };
    stored.push(v);
    return v;
  };
  for (const s of seed) if (s.plugin) owners.set(s.key, { plugin: s.plugin, jurisdiction: null });
  for (const s of seed) add(s.key, (stored.filter((v) => v.key === s.key).length) + 1, s.state ?? "published", s.title, s.schema, s.uischema ?? null);
  const versionsOf = (key: string) => stored.filter((v) => v.key === key).sort((a, b) => a.version - b.version);
  const notFound = (key: string) => new FormsApiError(404, "FORM_NOT_FOUND", `表单 ${key} 不存在`, { key });
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

  const api: FakeApi = {
    calls,
    stored,
    refuseNextSubmit(fields) {
      refusal = fields;
    },
    async list() {
      calls.push(["list"]);
      return [];
    },
    async get(key) {
      calls.push(["get", key]);
      const published = versionsOf(key).filter((v) => v.state === "published").at(-1);
      if (!versionsOf(key).length) throw notFound(key);
      if (!published) throw new FormsApiError(409, "FORM_NOT_PUBLISHED", "表单尚未发布", { key });
      return clone({ ...published, extension: null });
    },
    async create(input) {
      calls.push(["create", input]);
      if (versionsOf(input.key).length) throw new FormsApiError(409, "FORM_KEY_TAKEN", "表单标识已被使用", { key: input.key });
      return clone(add(input.key, 1, "draft", input.title, input.schema, input.uischema ?? null));
    },
    async saveDraft(key, input) {
      calls.push(["saveDraft", key, input]);
      const latest = versionsOf(key).at(-1);
      if (!latest) throw notFound(key);
      const next = { title: input.title ?? latest.title, schema: input.schema ?? latest.schema, uischema: input.uischema === undefined ? latest.uischema : input.uischema };
      if (latest.state === "draft") {
        Object.assign(latest, clone(next));
        return clone(latest);
      }
      return clone(add(key, latest.version + 1, "draft", next.title, next.schema, next.uischema));
    },
    async publish(key) {
      calls.push(["publish", key]);
      const latest = versionsOf(key).at(-1);
      if (!latest) throw notFound(key);
      if (latest.state !== "draft") throw new FormsApiError(409, "FORM_NO_DRAFT", "没有可发布的草稿", { key });
      latest.state = "published";
      latest.publishedAt = now();
      return clone(latest);
    },
    async versions(key) {
      calls.push(["versions", key]);
      if (!versionsOf(key).length) throw notFound(key);
      return { key, owner: versionsOf(key)[0]!.owner, versions: versionsOf(key).map(({ schema: _s, uischema: _u, key: _k, owner: _o, ...summary }) => clone(summary)) };
    },
    async version(key, version) {
      calls.push(["version", key, version]);
      const v = versionsOf(key).find((x) => x.version === version);
      if (!v) throw new FormsApiError(404, "FORM_VERSION_NOT_FOUND", "版本不存在", { key, version });
      return clone(v);
    },
    async diff(key, from, to) {
      calls.push(["diff", key, from, to]);
      return { key, from, to, changes: [] };
    },
    async extend(key, input) {
      calls.push(["extend", key, input]);
      return {};
    },
    async submit(key, data): Promise<Submission> {
      calls.push(["submit", key, data]);
      if (refusal) {
        const fields = refusal;
        refusal = null;
        throw new FormsApiError(422, "FORM_SUBMISSION_INVALID", `提交内容有 ${fields.length} 处错误`, { count: fields.length, fields });
      }
      const form = await api.get(key);
      return { id: "s-1", key, version: form.version, extension: null, jurisdiction: "j1", data: clone(data), submittedBy: "u1", createdAt: now(), attachments: [] };
    },
  };
  return api;
}

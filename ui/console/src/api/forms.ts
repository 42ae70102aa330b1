/**
 * The form designer's service on the console's own request client, so that its calls carry the
 * user's language and wait for the lock screen's re-login on a lost session like every other
 * page's (the designer's default `fetch` client would fail them instead and lose the work).
 */
import type { FormsApi } from "@anju/form-designer";
import { http } from "./http";

const k = (key: string) => `/api/forms/${encodeURIComponent(key)}`;

export const formsApi: FormsApi = {
  list: () => http.get("/api/forms"),
  get: (key) => http.get(k(key)),
  create: (input) => http.post("/api/forms", input),
  saveDraft: (key, input) => http.put(`${k(key)}/draft`, input),
  publish: (key) => http.post(`${k(key)}/publish`),
  versions: (key) => http.get(`${k(key)}/versions`),
  version: (key, v) => http.get(`${k(key)}/versions/${v}`),
  diff: (key, from, to) => http.get(`${k(key)}/diff`, { from, to }),
  extend: (key, input) => http.put(`${k(key)}/extension`, input),
  submit: (key, data) => http.post(`${k(key)}/submissions`, { data }),
};

/** Permission codes of @anju/forms (owned there; repeated, not imported into the browser bundle). */
export const FormsPermissions = {
  formRead: "forms.form:read",
  formDesign: "forms.form:design",
  submissionCreate: "forms.submission:create",
} as const;

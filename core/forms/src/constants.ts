/** The forms package's names: actions, permission codes, audit actions, routes and limits. */
import type { PluginRoute } from "@anju/kernel";

export const FormsActions = {
  list: "forms.list",
  create: "forms.create",
  get: "forms.get",
  saveDraft: "forms.saveDraft",
  publish: "forms.publish",
  versions: "forms.versions",
  version: "forms.version",
  diff: "forms.diff",
  extend: "forms.extend",
  extension: "forms.extension",
  conflicts: "forms.conflicts",
  submit: "forms.submit",
  submissions: "forms.submissions",
  submission: "forms.submission",
  attachment: "forms.attachment",
} as const;

/** The same codes as @anju/rbac's `WorkPermissions` (RBAC gives them to the built-in roles). */
export const FormsPermissions = {
  formRead: "forms.form:read",
  formDesign: "forms.form:design",
  formPublish: "forms.form:publish",
  submissionCreate: "forms.submission:create",
  submissionRead: "forms.submission:read",
} as const;

/** `action` values of the audit events the package records itself. */
export const FormsAuditActions = {
  create: "forms.create",
  draft: "forms.draft",
  publish: "forms.publish",
  extend: "forms.extend",
  rebase: "forms.extension.rebase",
  conflict: "forms.extension.conflict",
  pluginForm: "forms.plugin.install",
  submit: "forms.submission.create",
} as const;

/**
 * Routes relative to `/api`. Fixed paths come before `/forms/:key…`: the gateway matches
 * aliases in order, and `submissions` or `conflicts` must not be read as a form key (they are
 * reserved keys, see RESERVED_KEYS).
 */
export const FORMS_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/forms", action: FormsActions.list },
  { method: "POST", path: "/forms", action: FormsActions.create },
  { method: "GET", path: "/forms/conflicts", action: FormsActions.conflicts },
  { method: "GET", path: "/forms/submissions", action: FormsActions.submissions },
  { method: "GET", path: "/forms/submissions/:id", action: FormsActions.submission },
  { method: "GET", path: "/forms/submissions/:id/attachments/:fileId", action: FormsActions.attachment },
  { method: "GET", path: "/forms/:key", action: FormsActions.get },
  { method: "PUT", path: "/forms/:key/draft", action: FormsActions.saveDraft },
  { method: "POST", path: "/forms/:key/publish", action: FormsActions.publish },
  { method: "GET", path: "/forms/:key/versions", action: FormsActions.versions },
  { method: "GET", path: "/forms/:key/versions/:version", action: FormsActions.version },
  { method: "GET", path: "/forms/:key/diff", action: FormsActions.diff },
  { method: "GET", path: "/forms/:key/extension", action: FormsActions.extension },
  { method: "PUT", path: "/forms/:key/extension", action: FormsActions.extend },
  { method: "POST", path: "/forms/:key/submissions", action: FormsActions.submit },
];

export const KEY_PATTERN = "^[a-z][a-z0-9-]{0,30}(\\.[a-z0-9][a-z0-9-]{0,30}){0,3}$";
export const RESERVED_KEYS: readonly string[] = ["submissions", "conflicts"];

/** Owner of the package's recorded migrations. */
export const MIGRATION_OWNER = "@forms";

/** Scope value of plugin-level base forms (global: readable wherever the plugin is enabled). */
export const GLOBAL_SCOPE = "*";

export interface FormsLimits {
  /** Serialized schema + UI schema, in bytes. */
  schemaBytes: number;
  /** Properties counted at every nesting level. */
  properties: number;
  /** Ceiling for an attachment's `maxBytes` and the default when a field names none. */
  attachmentMaxBytes: number;
  attachmentDefaultBytes: number;
  /** Compiled validators kept per node (keyed by effective schema hash). */
  validatorCache: number;
}

export const DEFAULT_LIMITS: FormsLimits = {
  schemaBytes: 256 * 1024,
  properties: 500,
  attachmentMaxBytes: 20 * 1024 * 1024,
  attachmentDefaultBytes: 1024 * 1024,
  validatorCache: 500,
};

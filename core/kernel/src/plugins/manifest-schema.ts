/** JSON Schema of the plugin manifest (package.json → "anju"). Checked at install and at load. */
const i18nText = {
  type: "object",
  required: ["zh-CN", "en"],
  additionalProperties: false,
  properties: { "zh-CN": { type: "string", minLength: 1, maxLength: 200 }, en: { type: "string", minLength: 1, maxLength: 200 } },
};
const code = { type: "string", pattern: "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*(:[a-z][a-z0-9-]*)?$", maxLength: 100 };
const menu: Record<string, unknown> = {
  type: "object",
  required: ["key", "title"],
  properties: {
    key: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
    title: i18nText,
    icon: { type: "string" },
    page: { type: "string" },
    permission: code,
    children: { type: "array", items: { $ref: "#/definitions/menu" } },
  },
};

/** Kinds of personal information a plugin may declare (@anju/privacy encrypts and masks them). */
export const PI_KINDS = ["name", "phone", "idNumber", "plate", "faceTemplateRef", "address", "credential"] as const;

/**
 * `anju.pi`: the plugin's personal-information fields, e.g.
 * `[{ "entity": "Resident", "field": "phone", "kind": "phone", "indexed": true }]`.
 * The privacy module checks at install and load that each is really encrypted.
 */
export const PI_DECLARATIONS_SCHEMA = {
  type: "array",
  maxItems: 200,
  items: {
    type: "object",
    required: ["entity", "field", "kind"],
    additionalProperties: false,
    properties: {
      entity: { type: "string", pattern: "^[A-Z][A-Za-z0-9]{0,63}$" },
      field: { type: "string", pattern: "^[a-z][A-Za-z0-9]{0,62}$" },
      kind: { enum: [...PI_KINDS] },
      sensitive: { type: "boolean" },
      indexed: { type: "boolean" },
      purpose: i18nText,
    },
  },
} as const;

/** A field path in an action's answer, e.g. `devices.online`. */
const answerPath = { type: "string", pattern: "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$", maxLength: 200 };

/** A home-page widget a page contributes (the console's contract, docs/console-pages.md). */
const widget = {
  type: "object", required: ["key", "value"], additionalProperties: false,
  properties: {
    key: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
    kind: { enum: ["communities", "devicesOnline", "openAlarms", "openWorkOrders", "reportsDue"] },
    title: i18nText,
    value: answerPath,
    total: answerPath,
    note: { type: "object", required: ["value", "title"], additionalProperties: false, properties: { value: answerPath, title: i18nText } },
    icon: { type: "string", maxLength: 64 },
    alert: { type: "boolean" },
    page: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
  },
  // A widget of no well-known kind needs its own title.
  if: { not: { required: ["kind"] } },
  then: { required: ["title"] },
};

const pageKey = { type: "string", pattern: "^[a-z][a-z0-9-]*$" };

/**
 * A file a page offers (docs/console-pages.md): a GET route of the plugin's own API whose
 * `{name}` parts the console fills from the page's filters (table) or record (detail).
 */
const download = {
  type: "object", required: ["key", "route", "title"], additionalProperties: false,
  properties: {
    key: pageKey,
    route: { type: "string", pattern: "^/api/[a-z][a-z0-9-]*/[A-Za-z0-9_{}/?=&.:-]*$", maxLength: 300 },
    title: i18nText,
    permission: code,
    icon: { type: "string", maxLength: 64 },
  },
};

/** A table row that opens another page of the plugin, its URL query taken from the row (`{ "id": "reportId" }`). */
const rowLink = {
  type: "object", required: ["page", "query"], additionalProperties: false,
  properties: {
    page: pageKey,
    query: { type: "object", minProperties: 1, maxProperties: 5, propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" }, additionalProperties: answerPath },
    title: i18nText,
  },
};

/**
 * A button on a detail page calling one of the page's `actions` on the record (a report's
 * submit, return, accept), shown while the record's fields match `when`.
 */
const operation = {
  type: "object", required: ["key", "title"], additionalProperties: false,
  properties: {
    key: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_-]{0,63}$" },
    title: i18nText,
    when: {
      type: "object", maxProperties: 5, propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" },
      additionalProperties: { type: "array", minItems: 1, maxItems: 20, items: { type: ["string", "number", "boolean", "null"] } },
    },
    confirm: i18nText,
    style: { enum: ["primary", "danger", "default"] },
  },
};

/** `tags`: a field's values drawn as coloured tags, e.g. `{ "status": { "off-target": "danger" } }`. */
const tags = {
  type: "object", maxProperties: 20, propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" },
  additionalProperties: {
    type: "object", maxProperties: 50, propertyNames: { pattern: "^[A-Za-z0-9_-]{1,64}$" },
    additionalProperties: { enum: ["success", "info", "warning", "danger", "primary"] },
  },
};

/**
 * A `groups` page (docs/console-pages.md): nested groups of item cards read from one answer,
 * e.g. buildings → units → devices. Every value is a dot path in the answer or in the group.
 */
const groupLevel: Record<string, unknown> = {
  type: "object", required: ["path"], additionalProperties: false,
  properties: { path: answerPath, title: answerPath, items: answerPath, children: { $ref: "#/definitions/groupLevel" } },
};
const groupItem = {
  type: "object", required: ["title"], additionalProperties: false,
  properties: {
    key: answerPath, title: answerPath, subtitle: answerPath, status: answerPath,
    /** A list on the item (a device's open alarms): each entry's title, a tag and a time. */
    list: { type: "object", required: ["path", "title"], additionalProperties: false, properties: { path: answerPath, title: answerPath, tag: answerPath, time: answerPath } },
  },
};
const groupsPage = {
  select: {
    type: "object", required: ["param", "action"], additionalProperties: false,
    properties: {
      param: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" },
      action: { type: "string", pattern: "^[a-z][A-Za-z0-9-]*(\\.[A-Za-z][A-Za-z0-9-]*)+$", maxLength: 200 },
      label: answerPath, value: answerPath, title: i18nText,
    },
  },
  groups: groupLevel,
  item: groupItem,
  rootItems: {
    type: "array", maxItems: 5,
    items: { type: "object", required: ["path", "title"], additionalProperties: false, properties: { path: answerPath, title: i18nText, item: groupItem } },
  },
  summary: answerPath,
  refreshSeconds: { type: "integer", minimum: 5, maximum: 3600 },
};

/** `anju.driver` (kind "driver" only): `{ "entry": "src/driver.ts", "memoryMb": 128 }`. */
const driver = {
  type: "object",
  required: ["entry"],
  additionalProperties: false,
  properties: {
    entry: { type: "string", pattern: "^[^/.][^\\0]*$", maxLength: 300 },
    memoryMb: { type: "integer", minimum: 16, maximum: 4096 },
  },
};

export const PLUGIN_ID_PATTERN = "^[a-z][a-z0-9-]{1,48}[a-z0-9]$";

export const MANIFEST_SCHEMA = {
  type: "object",
  definitions: { menu, groupLevel },
  required: ["id", "version", "kind", "displayName", "host"],
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: PLUGIN_ID_PATTERN },
    version: { type: "string", minLength: 5, maxLength: 64 },
    kind: { enum: ["base", "city", "feature", "driver"] },
    displayName: i18nText,
    description: i18nText,
    vendor: { type: "string", maxLength: 100 },
    host: { type: "string", minLength: 1, maxLength: 100 },
    requires: { type: "object", propertyNames: { pattern: PLUGIN_ID_PATTERN }, additionalProperties: { type: "string", minLength: 1 } },
    permissions: {
      type: "array",
      items: { type: "object", required: ["code", "displayName"], additionalProperties: false, properties: { code, displayName: i18nText } },
    },
    roles: {
      type: "array",
      items: {
        type: "object", required: ["code", "displayName", "permissions"], additionalProperties: false,
        properties: { code, displayName: i18nText, permissions: { type: "array", items: code } },
      },
    },
    settings: {
      type: "object", required: ["schema"], additionalProperties: false,
      properties: { schema: { type: "object" }, uischema: { type: "object" } },
    },
    forms: { type: "array", items: { type: "string" } },
    pi: PI_DECLARATIONS_SCHEMA,
    menus: { type: "array", items: { $ref: "#/definitions/menu" } },
    pages: {
      type: "array",
      items: {
        type: "object", required: ["key", "type", "title"],
        properties: {
          key: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
          type: { enum: ["table", "form", "detail", "chart", "board", "groups"] },
          title: i18nText,
          widgets: { type: "array", maxItems: 20, items: widget },
          downloads: { type: "array", maxItems: 5, items: download },
          link: rowLink,
          operations: { type: "array", maxItems: 10, items: operation },
          tags,
          ...groupsPage,
        },
        // A groups page reads one answer and needs to know how it nests.
        if: { required: ["type"], properties: { type: { const: "groups" } } },
        then: { required: ["action", "groups", "item"] },
      },
    },
    capabilities: { type: "array", items: { enum: ["database", "http-routes", "scheduler", "mqtt", "jetstream", "files", "notifications"] } },
    main: { type: "string", pattern: "^[^/.][^\\0]*$" },
    driver,
  },
  // A driver names its entry (the host starts it in a child process); other kinds have no driver block.
  if: { required: ["kind"], properties: { kind: { const: "driver" } } },
  then: { required: ["driver"] },
  else: { properties: { driver: false } },
} as const;

/**
 * The rules underneath the API, without a database: the file-type sniffer, the definition
 * checks, the extension rules (what tightens, what loosens, what conflicts after an upgrade),
 * the diff texts and the validator cache.
 */
import { describe, expect, it } from "vitest";
import {
  applyDelta, checkFormDocument, createFormsAjv, DEFAULT_LIMITS, deriveDelta, diffForms, fieldErrors, sniff, ValidatorCache,
} from "../src/index.js";
import { FILES } from "./helpers.js";

/** Schemas edited freely in the extension cases. */
type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits reach any depth of a schema

const cache = () => new ValidatorCache(createFormsAjv(DEFAULT_LIMITS), 4);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { type?: string }).type;
  }
  return undefined;
};

describe("file types by magic bytes", () => {
  it.each([["pdf", FILES.pdf], ["png", FILES.png], ["jpeg", FILES.jpeg], ["gif", FILES.gif], ["webp", FILES.webp]] as const)("recognises %s", (type, bytes) => {
    expect(sniff(bytes)).toBe(type);
  });

  it("recognises nothing else, whatever it is called", () => {
    expect(sniff(FILES.fakePng)).toBeNull();
    expect(sniff(Buffer.from("RIFF\x00\x00\x00\x00WAVEfmt ", "latin1"))).toBeNull(); // RIFF, but audio
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull(); // a PNG signature cut short
    expect(sniff(Buffer.alloc(0))).toBeNull();
  });
});

describe("definition checks", () => {
  const form = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ schema: { type: "object", properties, ...extra } });

  it("accepts local, acyclic references, also shared by several fields", () => {
    const schema = form({ home: { $ref: "#/definitions/address" }, work: { $ref: "#/definitions/address" } }, {
      definitions: { address: { type: "object", properties: { city: { $ref: "#/definitions/city" } } }, city: { type: "string" } },
    });
    expect(codeOf(() => checkFormDocument(schema, DEFAULT_LIMITS, cache()))).toBeUndefined();
  });

  it.each([
    ["a reference to itself", form({ a: { $ref: "#/properties/a" } }), "FORM_SCHEMA_RECURSIVE"],
    ["a two-step cycle", form({ a: { $ref: "#/definitions/x" } }, { definitions: { x: { $ref: "#/definitions/y" }, y: { type: "array", items: { $ref: "#/definitions/x" } } } }), "FORM_SCHEMA_RECURSIVE"],
    ["a reference to the root", form({ a: { $ref: "#" } }), "FORM_SCHEMA_RECURSIVE"],
    ["a reference to a parent", form({ a: { type: "object", properties: { b: { $ref: "#/properties/a" } } } }), "FORM_SCHEMA_RECURSIVE"],
    ["an http reference", form({ a: { $ref: "http://example.com/s.json#/x" } }), "FORM_SCHEMA_REMOTE_REF"],
    ["a file reference", form({ a: { $ref: "file:///etc/passwd" } }), "FORM_SCHEMA_REMOTE_REF"],
    ["a relative document reference", form({ a: { $ref: "common.json" } }), "FORM_SCHEMA_REMOTE_REF"],
    ["an $id that would move the base", form({ a: { $id: "https://example.com/a", type: "string" } }), "FORM_SCHEMA_INVALID"],
    ["a reference to nowhere", form({ a: { $ref: "#/definitions/missing" } }), "FORM_SCHEMA_INVALID"],
    ["an anchor reference", form({ a: { $ref: "#anchor" } }), "FORM_SCHEMA_INVALID"],
    ["a format ajv does not know (it would check nothing)", form({ a: { type: "string", format: "mobile-phone" } }), "FORM_SCHEMA_INVALID"],
  ] as const)("refuses %s", (_what, doc, code) => {
    expect(codeOf(() => checkFormDocument(doc, DEFAULT_LIMITS, cache()))).toBe(code);
  });

  it("does not mistake data that looks like a reference for one", () => {
    const doc = form({ a: { type: "object", enum: [{ $ref: "https://example.com" }], default: { $ref: "#" } }, $ref: { type: "string" } });
    expect(codeOf(() => checkFormDocument(doc, DEFAULT_LIMITS, cache()))).toBeUndefined();
  });

  it("counts fields at every level against the limit", () => {
    const nested = form({ a: { type: "object", properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}`, { type: "string" }])) } });
    expect(codeOf(() => checkFormDocument(nested, { ...DEFAULT_LIMITS, properties: 10 }, cache()))).toBe("FORM_SCHEMA_TOO_MANY_FIELDS");
    expect(codeOf(() => checkFormDocument(nested, { ...DEFAULT_LIMITS, properties: 11 }, cache()))).toBeUndefined();
  });

  it("resolves UI scopes through references and inside an array's detail layout", () => {
    const schema = {
      type: "object",
      definitions: { person: { type: "object", properties: { name: { type: "string" } } } },
      properties: { leader: { $ref: "#/definitions/person" }, members: { type: "array", items: { $ref: "#/definitions/person" } } },
    };
    const ui = (detailScope: string) => ({ type: "VerticalLayout", elements: [
      { type: "Control", scope: "#/properties/leader/properties/name" },
      { type: "Control", scope: "#/properties/members", options: { detail: { type: "VerticalLayout", elements: [{ type: "Control", scope: detailScope }] } } },
    ] });
    expect(codeOf(() => checkFormDocument({ schema, uischema: ui("#/properties/name") }, DEFAULT_LIMITS, cache()))).toBeUndefined();
    expect(codeOf(() => checkFormDocument({ schema, uischema: ui("#/properties/age") }, DEFAULT_LIMITS, cache()))).toBe("FORM_UISCHEMA_SCOPE_UNKNOWN");
    const rule = { type: "VerticalLayout", elements: [], rule: { effect: "HIDE", condition: { scope: "#/properties/ghost", schema: { const: true } } } };
    expect(codeOf(() => checkFormDocument({ schema, uischema: rule }, DEFAULT_LIMITS, cache()))).toBe("FORM_UISCHEMA_SCOPE_UNKNOWN");
  });
});

describe("extension rules", () => {
  const base = {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string", maxLength: 20, pattern: "^[^0-9]+$" },
      age: { type: "integer", minimum: 0, maximum: 150 },
      kind: { type: "string", enum: ["a", "b", "c"] },
      address: { type: "object", properties: { city: { type: "string" } } },
    },
  };
  const parent = { schema: base, uischema: null };
  const edit = (fn: (s: Loose) => void) => {
    const s: Loose = structuredClone(base);
    fn(s);
    return { schema: s };
  };

  it("stores what is added and tightened, and applying it gives the designer's schema back", () => {
    const desired = edit((s) => {
      s.properties.phone = { type: "string" };
      s.required.push("phone", "age");
      s.properties.age.maximum = 120;
      s.properties.kind.enum = ["a", "b"];
      s.properties.address.properties.street = { type: "string" };
      s.properties.address.required = ["city"];
      s.additionalProperties = false;
    });
    const delta = deriveDelta(parent, desired);
    const applied = applyDelta(parent, delta);
    expect(applied.conflicts).toEqual([]);
    expect(applied.schema).toEqual(desired.schema);
    expect(applied.uischema).toBeNull();
  });

  it("adds a second pattern beside the base's: both must match", () => {
    const applied = applyDelta(parent, deriveDelta(parent, edit((s) => { s.properties.name.pattern = "^[A-Z]"; })));
    expect(applied.schema.properties).toMatchObject({ name: { pattern: "^[^0-9]+$", allOf: [{ pattern: "^[A-Z]" }] } });
    const validate = cache().get("k", applied.schema);
    expect(validate({ name: "Anna" })).toBe(true);
    expect(validate({ name: "anna" })).toBe(false);
    expect(validate({ name: "A1" })).toBe(false);
  });

  it.each([
    ["removing a nested field", (s: Loose) => { delete s.properties.address.properties.city; }, "FORM_EXTENSION_REMOVES_FIELD", "properties.address.properties.city"],
    ["dropping a maximum", (s: Loose) => { delete s.properties.age.maximum; }, "FORM_EXTENSION_LOOSENS", "properties.age.maximum"],
    ["lowering a minimum", (s: Loose) => { s.properties.age.minimum = -1; }, "FORM_EXTENSION_LOOSENS", "properties.age.minimum"],
    ["changing an items schema", (s: Loose) => { s.properties.kind = { type: "string", enum: ["a"], items: {} }; }, "FORM_EXTENSION_CHANGES_FIELD", "properties.kind.items"],
  ])("refuses %s, naming the path", (_what, fn, code, path) => {
    let err: { type?: string; data?: { path?: string } } = {};
    try {
      deriveDelta(parent, edit(fn));
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.type).toBe(code);
    expect(err.data?.path).toBe(path);
  });

  it("combines with a base that changed: stricter wins, conflicts are listed, nothing is merged silently", () => {
    const delta = deriveDelta(parent, edit((s) => {
      s.properties.age.maximum = 120;
      s.properties.kind.enum = ["a", "b"];
      s.properties.phone = { type: "string" };
      s.properties.address.properties.street = { type: "string" };
    }));
    // A stricter base keeps its own bound; an enum narrowed both ways keeps the common values.
    const stricter = structuredClone(base) as Loose;
    stricter.properties.age.maximum = 100;
    stricter.properties.kind.enum = ["b", "c"];
    const ok = applyDelta({ schema: stricter, uischema: null }, delta);
    expect(ok.conflicts).toEqual([]);
    expect(ok.schema.properties).toMatchObject({ age: { maximum: 100 }, kind: { enum: ["b"] } });

    const changed = structuredClone(base) as Loose;
    changed.properties.phone = { type: "integer" };
    changed.properties.age = { type: "string" };
    changed.properties.kind.enum = ["c"];
    delete changed.properties.address;
    const bad = applyDelta({ schema: changed, uischema: null }, delta);
    expect(bad.conflicts.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      "ENUM_EMPTY properties.kind.enum",
      "FIELD_DEFINED_BY_BASE properties.phone",
      "FIELD_REMOVED_FROM_BASE properties.address",
      "TYPE_CHANGED properties.age.type",
    ]);
  });
});

describe("version diff", () => {
  const title = { "zh-CN": "表", en: "Form" };
  it("names UI controls by scope, so an insertion is one change", () => {
    const ui = (scopes: string[]) => ({ type: "VerticalLayout", elements: scopes.map((s) => ({ type: "Control", scope: `#/properties/${s}` })) });
    const changes = diffForms({ title, schema: {}, uischema: ui(["a", "b"]) }, { title, schema: {}, uischema: ui(["x", "a", "b"]) });
    expect(changes.map((c) => c.text)).toEqual(["uischema.elements[#/properties/x] added"]);
  });

  it("reports enum values and requirement changes as set changes", () => {
    const a = { type: "object", required: ["a", "b"], properties: { k: { enum: [1, 2] } } };
    const b = { type: "object", required: ["b", "c"], properties: { k: { enum: [2, 3] } } };
    expect(diffForms({ title, schema: a, uischema: null }, { title, schema: b, uischema: null }).map((c) => c.text)).toEqual([
      "required +c", "required -a", "properties.k.enum +3", "properties.k.enum -1",
    ]);
  });
});

describe("validator cache and messages", () => {
  it("compiles a form once and keeps a bounded number", () => {
    const c = cache();
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const first = c.get("v:1", schema);
    expect(c.get("v:1", schema)).toBe(first);
    for (let i = 2; i <= 6; i++) c.get(`v:${i}`, schema);
    expect(c.size).toBe(4);
    expect(c.get("v:1", schema)).not.toBe(first);
  });

  it("names array items and keys with slashes on their field path", () => {
    const validate = cache().get("m", { type: "object", properties: { list: { type: "array", items: { type: "object", properties: { "a/b": { type: "number" } } } } } });
    validate({ list: [{ "a/b": 1 }, { "a/b": "x" }] });
    expect(fieldErrors(validate.errors, "en")).toEqual([expect.objectContaining({ path: "list.1.a/b", message: "must be number" })]);
  });
});

describe("formats a person fills in", () => {
  it("takes a time as picked (HH:mm:ss, no offset) or with an offset, and refuses an impossible one", () => {
    const validate = cache().get("time-form", { type: "object", properties: { at: { type: "string", format: "time" } } });
    expect(validate({ at: "15:30:00" })).toBe(true);
    expect(validate({ at: "15:30:00+08:00" })).toBe(true);
    expect(validate({ at: "07:05:09.5Z" })).toBe(true);
    expect(validate({ at: "25:99:00" })).toBe(false);
    expect(validate({ at: "15:30" })).toBe(false);
  });
});

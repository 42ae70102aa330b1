/**
 * The manifest fragment plugins declare PI fields in, and the load-time check that what is
 * declared is what the entities encrypt (a declared-but-plaintext field fails fast).
 */
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { definePiFields, PI_MANIFEST_SCHEMA, validatePiDeclarations, verifyPiDeclarations, assertPiDeclarations, type PiFieldDeclaration } from "../src/index.js";
import { PLUGINS } from "./helpers.js";
// Importing the fixture registers its fields, as loading the plugin does.
import { ResidentPi } from "./fixtures/plugins/pi-residents/src/index.js";

const declared = (JSON.parse(fs.readFileSync(path.join(PLUGINS, "pi-residents", "package.json"), "utf8")) as { anju: { pi: unknown } }).anju.pi;

function caught(fn: () => unknown): { type?: string; message?: string } {
  try { fn(); } catch (err) { return err as never; }
  throw new Error("expected an error");
}

describe("PI manifest fragment", () => {
  it("is a JSON Schema the kernel's manifest schema can embed", () => {
    const manifestWithPi = { type: "object", properties: { pi: PI_MANIFEST_SCHEMA }, additionalProperties: false };
    const validate = new Ajv({ strict: false }).compile(manifestWithPi);
    expect(validate({ pi: declared })).toBe(true);
    expect(validate({ pi: [{ entity: "Resident", field: "phone", kind: "email" }] })).toBe(false);
  });

  it("accepts the fixture's declarations and they match its entity", () => {
    const decls = validatePiDeclarations(declared);
    expect(decls).toHaveLength(6);
    expect(verifyPiDeclarations(decls, ["PiResident"])).toEqual([]);
    // The definition can produce the fragment itself.
    expect(ResidentPi.declarations().map((d) => `${d.field}:${d.kind}:${d.sensitive}`)).toEqual(
      decls.map((d) => `${d.field}:${d.kind}:${d.sensitive ?? ["idNumber", "faceTemplateRef"].includes(d.kind)}`));
  });

  it.each([
    ["an unknown kind", [{ entity: "Resident", field: "email", kind: "email" }]],
    ["a missing field name", [{ entity: "Resident", kind: "phone" }]],
    ["an unknown key", [{ entity: "Resident", field: "phone", kind: "phone", encrypt: false }]],
    ["an entity name with SQL in it", [{ entity: "Resident; DROP TABLE x", field: "phone", kind: "phone" }]],
    ["the same field twice", [{ entity: "Resident", field: "phone", kind: "phone" }, { entity: "Resident", field: "phone", kind: "phone" }]],
    ["not a list", { entity: "Resident" }],
  ])("refuses %s with PI_DECLARATION_INVALID", (_why, value) => {
    expect(caught(() => validatePiDeclarations(value))).toMatchObject({ type: "PI_DECLARATION_INVALID" });
  });

  it("names every mismatch between declarations and definitions", () => {
    const decls = validatePiDeclarations(declared);
    const withoutPhone = decls.filter((d) => d.field !== "phone");
    const wrong: PiFieldDeclaration[] = [
      ...withoutPhone.map((d) => (d.field === "plate" ? { ...d, kind: "address" as const } : d)),
      { entity: "PiResident", field: "room", kind: "address" },
    ];
    const problems = verifyPiDeclarations(wrong, ["PiResident"]);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining("PiResident.phone holds phone but is not declared"),
      expect.stringContaining("PiResident.plate is declared as address but defined as plate"),
      expect.stringContaining("PiResident.room is declared but not encrypted"),
    ]));
    expect(caught(() => assertPiDeclarations(wrong, ["PiResident"]))).toMatchObject({ type: "PI_DECLARATION_MISMATCH" });
  });

  it("definePiFields refuses names that could not be columns", () => {
    expect(caught(() => definePiFields("bad name", { phone: { kind: "phone" } }))).toMatchObject({ type: "PI_DECLARATION_INVALID" });
    expect(caught(() => definePiFields("Thing", { "phone-no": { kind: "phone" } }))).toMatchObject({ type: "PI_DECLARATION_INVALID" });
    expect(caught(() => definePiFields("Thing", { phone: { kind: "email" as never } }))).toMatchObject({ type: "PI_KIND_UNKNOWN" });
  });
});

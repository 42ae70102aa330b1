/**
 * The manifest fragment a plugin declares its personal-information fields in:
 *
 * ```json
 * "anju": { "pi": [
 *   { "entity": "Resident", "field": "phone", "kind": "phone", "sensitive": true, "indexed": true },
 *   { "entity": "Resident", "field": "idNumber", "kind": "idNumber" }
 * ] }
 * ```
 *
 * The kernel's manifest schema carries it as the `pi` property; the privacy module's plugin
 * check runs `assertPiDeclarations` whenever a plugin is installed, upgraded or loaded: every
 * declared field must really be encrypted (defined with `definePiFields`) and every encrypted
 * field declared.
 */
import Ajv from "ajv";
import { PrivacyErrors } from "./errors.js";
import { PI_DECLARATIONS_SCHEMA } from "@anju/kernel";
import { SENSITIVE_BY_DEFAULT, type PiKind } from "./kinds.js";
import { piFieldSetOf, piFieldSets } from "./fields/pi-fields.js";

export interface PiFieldDeclaration {
  /** EntitySchema name, e.g. "Resident". */
  entity: string;
  /** Entity property, e.g. "idNumber". */
  field: string;
  kind: PiKind;
  /** Needs consent before it is stored and is erased on withdrawal (default by kind). */
  sensitive?: boolean;
  /** Has a blind index for exact lookups. */
  indexed?: boolean;
  /** Why the plugin collects it (H11: only what the business needs, with a stated purpose). */
  purpose?: { "zh-CN": string; en: string };
}

/** The kernel validates the manifest with this schema; privacy checks the code against it. */
export const PI_MANIFEST_SCHEMA = PI_DECLARATIONS_SCHEMA;

const validate = new Ajv({ allErrors: false, strict: false }).compile<PiFieldDeclaration[]>(PI_MANIFEST_SCHEMA);

/** Check a manifest's `pi` value; returns it typed or throws PI_DECLARATION_INVALID. */
export function validatePiDeclarations(value: unknown): PiFieldDeclaration[] {
  if (!validate(value)) {
    const err = validate.errors![0];
    throw PrivacyErrors.PI_DECLARATION_INVALID({ field: `pi${err.instancePath.replace(/\//g, ".")}`, reason: err.message ?? err.keyword });
  }
  const seen = new Set<string>();
  for (const d of value) {
    const key = `${d.entity}.${d.field}`;
    if (seen.has(key)) throw PrivacyErrors.PI_DECLARATION_INVALID({ field: key, reason: "declared twice" });
    seen.add(key);
  }
  return value;
}

/**
 * Problems between a plugin's declarations and its entities (empty = consistent).
 * `entities`: the EntitySchema names the plugin defines.
 */
export function verifyPiDeclarations(declarations: PiFieldDeclaration[], entities: string[]): string[] {
  const problems: string[] = [];
  for (const d of declarations) {
    const key = `${d.entity}.${d.field}`;
    const field = piFieldSetOf(d.entity)?.fields.find((f) => f.property === d.field);
    if (!field) {
      problems.push(`${key} is declared but not encrypted (define it with definePiFields)`);
      continue;
    }
    if (field.kind !== d.kind) problems.push(`${key} is declared as ${d.kind} but defined as ${field.kind}`);
    const sensitive = d.sensitive ?? SENSITIVE_BY_DEFAULT.has(d.kind);
    if (field.sensitive !== sensitive) problems.push(`${key} is declared ${sensitive ? "" : "not "}sensitive but defined ${field.sensitive ? "" : "not "}sensitive`);
    if ((d.indexed ?? false) !== (field.indexProperty !== null)) problems.push(`${key}: "indexed" differs from the definition`);
  }
  const declared = new Set(declarations.map((d) => `${d.entity}.${d.field}`));
  for (const set of piFieldSets().filter((s) => entities.includes(s.entity))) {
    for (const f of set.fields) {
      if (!declared.has(`${set.entity}.${f.property}`)) problems.push(`${set.entity}.${f.property} holds ${f.kind} but is not declared in the manifest`);
    }
  }
  return problems;
}

export function assertPiDeclarations(declarations: PiFieldDeclaration[], entities: string[]): void {
  const problems = verifyPiDeclarations(declarations, entities);
  if (problems.length) throw PrivacyErrors.PI_DECLARATION_MISMATCH({ problems: problems.join("; ") });
}

/**
 * `definePiFields(entity, fields)`: one place where a plugin says which properties of an
 * entity are personal information. From it come the EntitySchema columns (encrypting
 * transformer, blind-index companion), the migration columns, masking of API output, the
 * manifest fragment and — with `subject` — erasure on consent withdrawal.
 *
 * ```ts
 * export const ResidentPi = definePiFields("Resident", {
 *   phone: { kind: "phone", indexed: true, sensitive: true },
 *   idNumber: { kind: "idNumber", indexed: true },
 *   name: { kind: "name" },
 * }, { subject: "id" });
 * export const ResidentEntity = defineTenantEntity({ name: "Resident", tableName: "x_resident",
 *   columns: { id: {...}, ...ResidentPi.columns } });
 * ```
 */
import { TableIndex, type EntitySchemaColumnOptions, type TableColumnOptions } from "typeorm";
import { PrivacyErrors } from "../errors.js";
import { assertPiKind, SENSITIVE_BY_DEFAULT, type PiKind } from "../kinds.js";
import { mask } from "../mask.js";
import { activePiCodec } from "../crypto/codec.js";
import { registerErasureHandler, subtreeCondition, type ErasureEvent } from "../consent/erasure.js";
import type { PiFieldDeclaration } from "../manifest.js";
import { blindIndexTransformer, piTransformer } from "./transformers.js";

export interface PiFieldSpec {
  kind: PiKind;
  /** Database column (default: the property in snake_case). */
  column?: string;
  /** Keep a blind index for exact lookups (property `<field>Bidx`, column `<column>_bidx`). */
  indexed?: boolean;
  /** Needs consent and is erased on withdrawal (default: ID numbers and face templates). */
  sensitive?: boolean;
}

export interface PiFieldDef {
  property: string;
  kind: PiKind;
  column: string;
  sensitive: boolean;
  indexProperty: string | null;
  indexColumn: string | null;
}

export interface PiFieldSetOptions {
  /** Property holding the data subject's id (what consent records name): enables erasure. */
  subject?: string;
  /** What withdrawal erases: the sensitive fields (default) or every PI field of the kinds. */
  erase?: "sensitive" | "all";
}

const ENCRYPTED_LENGTH = 512;
const INDEX_LENGTH = 64;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

const PROPERTY_PATTERN = /^[a-z][A-Za-z0-9]{0,62}$/;
const ENTITY_PATTERN = /^[A-Z][A-Za-z0-9]{0,63}$/;

export class PiFieldSet {
  readonly fields: readonly PiFieldDef[];

  constructor(readonly entity: string, spec: Record<string, PiFieldSpec>, readonly options: PiFieldSetOptions = {}) {
    if (!ENTITY_PATTERN.test(entity)) throw PrivacyErrors.PI_DECLARATION_INVALID({ field: entity, reason: "entity names are PascalCase" });
    this.fields = Object.entries(spec).map(([property, s]) => {
      if (!PROPERTY_PATTERN.test(property)) throw PrivacyErrors.PI_DECLARATION_INVALID({ field: `${entity}.${property}`, reason: "properties are camelCase" });
      const kind = assertPiKind(s.kind);
      const column = s.column ?? snake(property);
      return {
        property, kind, column,
        sensitive: s.sensitive ?? SENSITIVE_BY_DEFAULT.has(kind),
        indexProperty: s.indexed ? `${property}Bidx` : null,
        indexColumn: s.indexed ? `${column}_bidx` : null,
      };
    });
  }

  field(property: string): PiFieldDef {
    const f = this.fields.find((d) => d.property === property);
    if (!f) throw PrivacyErrors.PI_FIELD_NOT_FOUND({ entity: this.entity, field: property });
    return f;
  }

  /** Spread into an EntitySchema's `columns`. */
  get columns(): Record<string, EntitySchemaColumnOptions> {
    const out: Record<string, EntitySchemaColumnOptions> = {};
    for (const f of this.fields) {
      out[f.property] = f.kind === "address"
        ? { name: f.column, type: "text", nullable: true, transformer: piTransformer(f.kind) }
        : { name: f.column, type: "varchar", length: ENCRYPTED_LENGTH, nullable: true, transformer: piTransformer(f.kind) };
      // Not selected by default: a list endpoint that returns rows as they are leaks no hash.
      if (f.indexProperty) out[f.indexProperty] = { name: f.indexColumn!, type: "varchar", length: INDEX_LENGTH, nullable: true, select: false, transformer: blindIndexTransformer(f.kind) };
    }
    return out;
  }

  /** Columns for the plugin's migration (`new Table({ columns: [...own, ...set.tableColumns()] })`). */
  tableColumns(): TableColumnOptions[] {
    return this.fields.flatMap((f) => [
      f.kind === "address"
        ? { name: f.column, type: "text", isNullable: true }
        : { name: f.column, type: "varchar", length: String(ENCRYPTED_LENGTH), isNullable: true },
      ...(f.indexColumn ? [{ name: f.indexColumn, type: "varchar", length: String(INDEX_LENGTH), isNullable: true }] : []),
    ]);
  }

  /** Indexes on the blind-index columns, for the migration. */
  tableIndices(table: string): TableIndex[] {
    return this.fields.filter((f) => f.indexColumn).map((f) => new TableIndex({ name: `idx_${table}_${f.indexColumn}`.slice(0, 64), columnNames: [f.indexColumn!] }));
  }

  /** `where` condition for an exact lookup: `repo.find({ where: set.indexWhere("phone", input) })`. */
  indexWhere(property: string, value: string): Record<string, string> {
    const f = this.field(property);
    if (!f.indexProperty) throw PrivacyErrors.PI_FIELD_NOT_FOUND({ entity: this.entity, field: `${property}Bidx` });
    const index = activePiCodec().blindIndex(f.kind, value);
    if (index === null) throw PrivacyErrors.PI_VALUE_INVALID({ kind: f.kind, reason: "nothing to look up" });
    return { [f.indexProperty]: index };
  }

  /**
   * Fill the blind-index properties from the plaintext ones present in `row` (the subscriber
   * does this on every insert and update; call it yourself for writes that bypass TypeORM).
   */
  withIndexes<R extends object>(row: R): R {
    const r = row as Record<string, unknown>;
    for (const f of this.fields) {
      if (!f.indexProperty || !(f.property in r) || r[f.property] === undefined) continue;
      const value = r[f.property];
      r[f.indexProperty] = value === null ? null : activePiCodec().blindIndex(f.kind, String(value));
    }
    return row;
  }

  /** A copy for API output: PI masked, blind indexes dropped. */
  mask<R extends object>(row: R): R {
    const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const f of this.fields) {
      if (f.property in out) out[f.property] = mask(f.kind, out[f.property] as string | null | undefined);
      if (f.indexProperty) delete out[f.indexProperty];
    }
    return out as R;
  }

  /** Sensitive kinds `row` carries a value for: what `requireConsent` must cover before it is stored. */
  sensitiveKindsIn(row: object): PiKind[] {
    const r = row as Record<string, unknown>;
    return [...new Set(this.fields.filter((f) => f.sensitive && r[f.property] !== null && r[f.property] !== undefined && r[f.property] !== "").map((f) => f.kind))];
  }

  /** The manifest fragment these fields correspond to (`"anju": { "pi": [...] }`). */
  declarations(): PiFieldDeclaration[] {
    return this.fields.map((f) => ({ entity: this.entity, field: f.property, kind: f.kind, sensitive: f.sensitive, indexed: f.indexProperty !== null }));
  }

  /** Null the subject's fields of the withdrawn kinds (see consent/erasure.ts). */
  async erase(event: ErasureEvent): Promise<number> {
    const subject = this.options.subject;
    const ds = event.manager.connection;
    if (!subject || !ds.hasMetadata(this.entity)) return 0;
    const all = this.options.erase === "all";
    const targets = this.fields.filter((f) => event.kinds.includes(f.kind) && (all || f.sensitive));
    if (targets.length === 0) return 0;
    const metadata = ds.getMetadata(this.entity);
    const subjectColumn = metadata.findColumnWithPropertyName(subject);
    if (!subjectColumn) throw PrivacyErrors.PI_FIELD_NOT_FOUND({ entity: this.entity, field: subject });
    const patch: Record<string, null> = {};
    for (const f of targets) {
      patch[f.property] = null;
      if (f.indexProperty) patch[f.indexProperty] = null;
    }
    const qb = event.manager.createQueryBuilder().update(metadata.target).set(patch as never)
      .where(`${ds.driver.escape(subjectColumn.databaseName)} = :anjuErasureSubject`, { anjuErasureSubject: event.subjectId });
    const jurisdiction = metadata.findColumnWithPropertyName("jurisdictionCode");
    if (jurisdiction) qb.andWhere(subtreeCondition(ds.driver.escape(jurisdiction.databaseName)), { anjuErasureScope: event.jurisdiction });
    const result = await qb.execute();
    return result.affected ?? 0;
  }
}

const registry = new Map<string, PiFieldSet>();

export function definePiFields(entity: string, spec: Record<string, PiFieldSpec>, options: PiFieldSetOptions = {}): PiFieldSet {
  const set = new PiFieldSet(entity, spec, options);
  registry.set(entity, set);
  if (options.subject) registerErasureHandler(`pi:${entity}`, (event) => set.erase(event));
  return set;
}

export function piFieldSetOf(entity: string): PiFieldSet | undefined {
  return registry.get(entity);
}

export function piFieldSets(): PiFieldSet[] {
  return [...registry.values()];
}

/** Exact lookup through the blind index on any repository with `find({ where })` (TypeORM or tenant-scoped). */
export function findByBlindIndex<T>(repo: { find(options: { where: never }): Promise<T[]> }, set: PiFieldSet, property: string, value: string): Promise<T[]> {
  return repo.find({ where: set.indexWhere(property, value) as never });
}

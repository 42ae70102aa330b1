/**
 * The forms' own ajv: draft-07, every error at once, formats, and the `x-attachment` keyword.
 * Separate from the kernel's params ajv on purpose: that one coerces query strings and fills
 * defaults, which a submission must never have done to it silently.
 *
 * Compiled validators are cached per published version or extension snapshot (neither ever
 * changes, so its id or hash is the key), compiled on first use and then reused. The cache is
 * bounded; an evicted schema is removed from ajv too, whose own cache would otherwise keep
 * every schema ever compiled.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { attachmentKeyword } from "../attachments/keyword.js";
import type { FormsLimits } from "../constants.js";

const LOCAL_OR_OFFSET_TIME = /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i;

export function createFormsAjv(limits: FormsLimits): Ajv {
  // verbose: errors carry their parentSchema, where a field's `x-pattern-message` is read.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, coerceTypes: false, useDefaults: false, addUsedSchema: false, validateFormats: true, logger: false });
  addFormats(ajv);
  // A form's time is a wall-clock time ("下午 3 点"): ajv-formats 3 demands an offset for
  // `time`, which a time picker does not produce and a person does not mean. The offset stays
  // allowed (the RFC 3339 shape ajv-formats 2 and the browser's JSON Forms accept).
  ajv.addFormat("time", LOCAL_OR_OFFSET_TIME);
  ajv.addKeyword(attachmentKeyword(limits));
  return ajv;
}

export class ValidatorCache {
  private readonly entries = new Map<string, { schema: object; validate: ValidateFunction }>();

  constructor(readonly ajv: Ajv, private readonly max: number) {}

  /** The compiled validator for `schema`, cached under `key`; throws ajv's error when it does not compile. */
  get(key: string, schema: object): ValidateFunction {
    const hit = this.peek(key);
    if (hit) return hit;
    const copy = structuredClone(schema);
    const validate = this.ajv.compile(copy);
    this.entries.set(key, { schema: copy, validate });
    while (this.entries.size > this.max) {
      const [oldest, entry] = this.entries.entries().next().value as [string, { schema: object }];
      this.entries.delete(oldest);
      this.ajv.removeSchema(entry.schema);
    }
    return validate;
  }

  /** The cached validator, or undefined (the caller then loads the schema and calls `get`). */
  peek(key: string): ValidateFunction | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Refresh recency: Map keeps insertion order, the first key is the oldest.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.validate;
  }

  /** Compile without keeping the result (a design-time check; throws ajv's error). */
  check(schema: object): void {
    const copy = structuredClone(schema);
    try {
      this.ajv.compile(copy);
    } finally {
      this.ajv.removeSchema(copy);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

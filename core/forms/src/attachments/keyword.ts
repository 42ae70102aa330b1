/**
 * The `x-attachment` keyword: a field that carries a file. In a form schema:
 *
 *   "licence": { "title": "营业执照", "x-attachment": { "types": ["pdf", "png", "jpeg"], "maxBytes": 2097152 } }
 *
 * A submission sends `{ "name": "执照.pdf", "content": "<base64>" }` for it. The keyword decodes
 * the content, checks the size and the type by magic bytes (sniff.ts), and — when a collector is
 * open — hands the decoded file to the submission code, which stores it only after the whole
 * submission is valid. `types` defaults to every known type, `maxBytes` to the module's default.
 */
import type { KeywordDefinition, SchemaValidateFunction } from "ajv";
import { sha256 } from "../schema/canonical.js";
import { ATTACHMENT_TYPE_NAMES, ATTACHMENT_TYPES, sniff, type AttachmentType } from "./sniff.js";

export const ATTACHMENT_KEYWORD = "x-attachment";

export interface AttachmentRule { types?: AttachmentType[]; maxBytes?: number }

export interface DecodedAttachment {
  /** ajv's instancePath of the field (`/licence`, `/photos/0`). */
  instancePath: string;
  name: string;
  type: AttachmentType;
  mime: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

/** Why an attachment was refused (`params.reason` of its error). */
export type AttachmentReason =
  | "ATTACHMENT_SHAPE" | "ATTACHMENT_ENCODING" | "ATTACHMENT_EMPTY" | "ATTACHMENT_TOO_LARGE"
  | "ATTACHMENT_TYPE_UNKNOWN" | "ATTACHMENT_TYPE_NOT_ALLOWED";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// No path separators or control characters in a file name; it is shown, never used as a path.
const NAME = /^[^/\\\u0000-\u001f\u007f]{1,255}$/;

/**
 * Decoded files of the validation running now. ajv validates synchronously, so one slot per
 * process is enough: `collecting` opens it around one `validate()` call and closes it after.
 */
let collector: DecodedAttachment[] | null = null;

export function collecting<T>(fn: () => T): { result: T; files: DecodedAttachment[] } {
  const previous = collector;
  const files: DecodedAttachment[] = [];
  collector = files;
  try {
    return { result: fn(), files };
  } finally {
    collector = previous;
  }
}

export function attachmentKeyword(limits: { attachmentMaxBytes: number; attachmentDefaultBytes: number }): KeywordDefinition {
  const validate: SchemaValidateFunction = (rule: AttachmentRule, data: unknown, _parent, cxt) => {
    const fail = (reason: AttachmentReason, extra: Record<string, unknown> = {}) => {
      validate.errors = [{ keyword: ATTACHMENT_KEYWORD, message: reason, params: { reason, ...extra } }];
      return false;
    };
    if (typeof data !== "object" || data === null || Array.isArray(data)) return fail("ATTACHMENT_SHAPE");
    const { name, content, ...rest } = data as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof name !== "string" || typeof content !== "string" || !NAME.test(name)) return fail("ATTACHMENT_SHAPE");
    const maxBytes = rule.maxBytes ?? limits.attachmentDefaultBytes;
    const allowed = rule.types ?? ATTACHMENT_TYPE_NAMES;
    // Checked on the encoded length first: no buffer is allocated for an oversized upload.
    if (content.length % 4 !== 0 || !BASE64.test(content)) return fail("ATTACHMENT_ENCODING");
    const padding = content.endsWith("==") ? 2 : content.endsWith("=") ? 1 : 0;
    const size = (content.length / 4) * 3 - padding;
    if (size === 0) return fail("ATTACHMENT_EMPTY");
    if (size > maxBytes) return fail("ATTACHMENT_TOO_LARGE", { size, maxBytes });
    const bytes = Buffer.from(content, "base64");
    const type = sniff(bytes);
    if (!type) return fail("ATTACHMENT_TYPE_UNKNOWN", { allowed });
    if (!allowed.includes(type)) return fail("ATTACHMENT_TYPE_NOT_ALLOWED", { type, allowed });
    collector?.push({ instancePath: cxt?.instancePath ?? "", name, type, mime: ATTACHMENT_TYPES[type].mime, size: bytes.length, sha256: sha256(bytes), bytes });
    return true;
  };
  return {
    keyword: ATTACHMENT_KEYWORD,
    schemaType: "object",
    errors: true,
    metaSchema: {
      type: "object",
      properties: {
        types: { type: "array", items: { enum: ATTACHMENT_TYPE_NAMES }, minItems: 1, uniqueItems: true },
        maxBytes: { type: "integer", minimum: 1, maximum: limits.attachmentMaxBytes },
      },
      additionalProperties: false,
    },
    validate,
  };
}

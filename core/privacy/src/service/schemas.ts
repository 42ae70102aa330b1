/** JSON Schema params of the privacy actions: every string bounded, every id patterned. */
import { CODE_PATTERN, SAFE_NAME_PATTERN } from "@anju/kernel";
import { PI_KINDS } from "../kinds.js";
import { KEY_ID_PATTERN } from "../crypto/keyring.js";
import { BREACH_STATES } from "../breach/store.js";
import { NOTICE_AUDIENCES } from "../breach/notice.js";

/** Free text: any printable characters and line breaks, no other control characters. */
const TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$";

const text = (maxLength: number, minLength = 0) => ({ type: "string", minLength, maxLength, pattern: TEXT_PATTERN });
const name = (maxLength: number) => ({ type: "string", minLength: 1, maxLength, pattern: SAFE_NAME_PATTERN });

export const S = {
  id: { type: "string", format: "uuid", maxLength: 36 },
  jurisdiction: { type: "string", pattern: CODE_PATTERN, maxLength: 32 },
  subjectId: { type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*$" },
  purpose: { type: "string", minLength: 1, maxLength: 64, pattern: "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$" },
  kinds: { type: "array", minItems: 1, maxItems: PI_KINDS.length, uniqueItems: true, items: { enum: [...PI_KINDS] } },
  time: { type: "string", format: "date-time", maxLength: 40 },
  page: { type: "integer", minimum: 1, maximum: 100000 },
  pageSize: { type: "integer", minimum: 1, maximum: 100 },
  text,
  name,
} as const;

const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, required, additionalProperties: false });

export const PARAMS = {
  consentsRecord: object({
    subjectId: S.subjectId, purpose: S.purpose, purposeText: text(500), kinds: S.kinds,
    evidence: name(200), grantedAt: S.time, jurisdiction: S.jurisdiction,
  }, ["subjectId", "purpose", "kinds"]),
  consentsList: object({ subjectId: S.subjectId, purpose: S.purpose, active: { type: "boolean" }, page: S.page, pageSize: S.pageSize }),
  consentsGet: object({ id: S.id }, ["id"]),
  consentsCheck: object({ subjectId: S.subjectId, purpose: S.purpose, kinds: S.kinds }, ["subjectId", "purpose", "kinds"]),
  consentsWithdraw: object({ id: S.id }, ["id"]),

  breachesRecord: object({
    title: name(200), occurredAt: S.time, discoveredAt: S.time, discoveredBy: name(100),
    dataKinds: { ...S.kinds, minItems: 0 }, otherData: text(500), cause: text(2000, 1),
    scale: { type: "integer", minimum: 0, maximum: 1_000_000_000 },
    harm: text(2000), remedies: text(2000), advice: text(2000), contact: name(200), jurisdiction: S.jurisdiction,
  }, ["title", "discoveredAt", "discoveredBy", "dataKinds", "cause", "scale"]),
  breachesList: object({ state: { enum: [...BREACH_STATES] }, page: S.page, pageSize: S.pageSize }),
  breachesGet: object({ id: S.id }, ["id"]),
  breachesUpdate: {
    ...object({
      id: S.id, title: name(200), occurredAt: S.time, discoveredAt: S.time, discoveredBy: name(100),
      dataKinds: { ...S.kinds, minItems: 0 }, otherData: text(500), cause: text(2000, 1),
      scale: { type: "integer", minimum: 0, maximum: 1_000_000_000 },
      harm: text(2000), remedies: text(2000), advice: text(2000), contact: name(200),
    }, ["id"]),
    minProperties: 2,
  },
  breachesAddSubjects: object({
    id: S.id,
    subjects: { type: "array", minItems: 1, maxItems: 1000, items: object({ subjectId: S.subjectId, kinds: S.kinds }, ["subjectId"]) },
  }, ["id", "subjects"]),
  breachesSubjects: object({ id: S.id, page: S.page, pageSize: S.pageSize }, ["id"]),
  breachesNotify: object({ id: S.id }, ["id"]),
  breachesClose: object({ id: S.id, note: text(2000) }, ["id"]),
  breachesNotice: object({ id: S.id, audience: { enum: [...NOTICE_AUDIENCES] }, locale: { enum: ["zh-CN", "en"] }, subjectId: S.subjectId }, ["id", "audience"]),

  reveal: object({
    entity: { type: "string", pattern: "^[A-Z][A-Za-z0-9]{0,63}$" },
    field: { type: "string", pattern: "^[a-z][A-Za-z0-9]{0,62}$" },
    id: { anyOf: [{ type: "integer", minimum: 0 }, { type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:-]+$" }] },
  }, ["entity", "field", "id"]),
  keysStatus: object({}),
  keysRotate: object({}),
  keysRetire: object({ keyId: { type: "string", pattern: KEY_ID_PATTERN.source } }, ["keyId"]),
} as const;

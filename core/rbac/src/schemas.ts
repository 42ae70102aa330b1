/** JSON Schemas of the RBAC actions' params (checked by the host's validation slot). */
import { CODE_PATTERN } from "@anju/kernel";

/** The manifest's code pattern (`area.object:verb`), shared by role and permission codes. */
export const RBAC_CODE_PATTERN = "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*(:[a-z][a-z0-9-]*)?$";
/** Ids identity hands out (UUIDs, `u-hefei`, `admin`): no spaces, quotes or markup. */
export const USER_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:@-]*$";

export const userId = { type: "string", minLength: 1, maxLength: 128, pattern: USER_ID_PATTERN };
export const role = { type: "string", minLength: 1, maxLength: 100, pattern: RBAC_CODE_PATTERN };
export const permission = { type: "string", minLength: 1, maxLength: 100, pattern: RBAC_CODE_PATTERN };
export const jurisdiction = { type: "string", minLength: 2, maxLength: 32, pattern: CODE_PATTERN };

function object(properties: Record<string, unknown>, required: string[] = []) {
  return { type: "object", properties, required, additionalProperties: false };
}

export const Params = {
  grantsOf: object({ userId }, ["userId"]),
  permissionsOf: object({ userId, jurisdiction }, ["userId", "jurisdiction"]),
  grant: object({ userId, role, jurisdiction }, ["userId", "role", "jurisdiction"]),
  revokeAll: object({ userId }, ["userId"]),
  roles: object({}),
  policies: object({ role, jurisdiction }),
  rule: object({ role, permission, jurisdiction }, ["role", "permission", "jurisdiction"]),
} as const;

/**
 * Separation of duties (MLPS 2.0 level 3): the system, security and audit administrators'
 * duties never meet in one user. Two checks, both against the database:
 *  - a grant is refused when the user would then hold two of the three administrator roles,
 *    or permissions of two duties through any mix of roles;
 *  - a rule is refused when it would make a role, or any user holding it, span two duties.
 */
import { RbacErrors } from "./errors.js";
import { dutiesOf, dutyOf, type Duty } from "./permissions.js";
import { BUILTIN_ROLE_MAP, SOD_ROLES } from "./roles.js";
import type { PolicyQueries } from "./store.js";

const DUTY_NAMES: Record<Duty, { "zh-CN": string; en: string }> = {
  system: { "zh-CN": "系统管理", en: "system administration" },
  security: { "zh-CN": "安全管理", en: "security administration" },
  audit: { "zh-CN": "审计管理", en: "audit" },
};

function conflict(subject: string, held: Duty, wanted: Duty) {
  return RbacErrors.RBAC_SOD_CONFLICT({
    subject, held, wanted,
    heldZh: DUTY_NAMES[held]["zh-CN"], wantedZh: DUTY_NAMES[wanted]["zh-CN"], heldEn: DUTY_NAMES[held].en, wantedEn: DUTY_NAMES[wanted].en,
  });
}

/** Duties a role carries: its administrator duty plus those of its built-in and stored permissions. */
async function roleDuties(q: PolicyQueries, role: string, extra: string[] = []): Promise<Set<Duty>> {
  const duties = dutiesOf([...(BUILTIN_ROLE_MAP.get(role)?.permissions ?? []), ...(await q.storedPermissionsOf(role)), ...extra]);
  const own = SOD_ROLES.get(role);
  if (own) duties.add(own);
  return duties;
}

async function userDuties(q: PolicyQueries, roles: Iterable<string>, extra?: { role: string; permission: string }): Promise<Map<Duty, string>> {
  const out = new Map<Duty, string>();
  for (const role of roles) {
    const more = extra && extra.role === role ? [extra.permission] : [];
    for (const d of await roleDuties(q, role, more)) if (!out.has(d)) out.set(d, role);
  }
  return out;
}

/** Refuse `role` for `userId` when it would join two duties. */
export async function assertGrantKeepsDutiesApart(q: PolicyQueries, userId: string, role: string): Promise<void> {
  const held = new Set((await q.grantsOf(userId)).map((g) => g.role));
  const wantedSod = SOD_ROLES.get(role);
  for (const r of held) {
    const heldSod = SOD_ROLES.get(r);
    if (wantedSod && heldSod && heldSod !== wantedSod) throw conflict(userId, heldSod, wantedSod);
  }
  const before = await userDuties(q, held);
  const adding = await roleDuties(q, role);
  for (const wanted of adding) {
    for (const heldDuty of before.keys()) if (heldDuty !== wanted) throw conflict(userId, heldDuty, wanted);
  }
}

/** Refuse giving `permission` to `role` when the role or one of its holders would span two duties. */
export async function assertRuleKeepsDutiesApart(q: PolicyQueries, role: string, permission: string): Promise<void> {
  const wanted = dutyOf(permission);
  if (!wanted) return;
  for (const d of await roleDuties(q, role)) if (d !== wanted) throw conflict(role, d, wanted);
  for (const userId of await q.holdersOf(role)) {
    const roles = new Set((await q.grantsOf(userId)).map((g) => g.role));
    const duties = await userDuties(q, roles, { role, permission });
    for (const d of duties.keys()) if (d !== wanted) throw conflict(userId, d, wanted);
  }
}

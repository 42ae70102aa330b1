/**
 * The Casbin model. One enforcer per jurisdiction (plus one for the global built-in roles)
 * holds that node's rules: `p = role, jurisdiction, permission` and `g = user, role,
 * jurisdiction`. Subtree coverage is not left to Casbin (a domain-matching role manager walks
 * every domain on every check): the engine reads the node's ancestors from its materialised
 * path, collects the user's grants at those ancestors, and asks each ancestor's enforcer whether
 * one of those roles carries the permission there. `hasRole` is that role set test; the matcher
 * compares the cheap string fields first so most rules fail fast.
 */
import { newEnforcer, newModelFromString, type Enforcer } from "casbin";

/** Domain of the built-in roles' permissions: applies in every jurisdiction. */
export const GLOBAL_DOMAIN = "*";

export const RBAC_MODEL = `
[request_definition]
r = sub, dom, obj

[policy_definition]
p = sub, dom, obj

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.obj == p.obj && r.dom == p.dom && hasRole(r.sub, p.sub)
`;

/** `r.sub` is the set of roles the user holds over the requested node. */
function hasRole(roles: ReadonlySet<string>, role: string): boolean {
  return roles.has(role);
}

export async function newDomainEnforcer(): Promise<Enforcer> {
  const e = await newEnforcer(newModelFromString(RBAC_MODEL));
  e.addFunction("hasRole", hasRole as (...args: unknown[]) => boolean);
  return e;
}

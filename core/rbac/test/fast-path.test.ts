/**
 * The engine's fast path (covering grants from the jurisdiction path, a (role, permission)
 * index in front of each enforcer, the decision cache) must answer exactly what Casbin alone
 * answers over the same enforcers. Checked exhaustively on a small random policy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { ALL_BUILTIN_PERMISSIONS } from "../src/permissions.js";
import { BUILTIN_ROLES, engineOf, RbacActions } from "../src/index.js";
import { seedTree, startHost, TREE, type RbacTestHost } from "./helpers.js";

const SYSTEM = systemContext();
const CODES = Object.values(TREE);
const EXTRA = ["pi:unmask", "forms.form:read", "reports.report:export"];

function rng(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

describe("fast path equals plain Casbin", () => {
  let t: RbacTestHost;
  const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);

  beforeAll(async () => {
    t = await startHost({});
    await seedTree(t.host);
    const random = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const roles = BUILTIN_ROLES.filter((r) => !r.duty).map((r) => r.code);
    for (const u of users) {
      for (let k = 0; k < 2; k++) {
        await t.host.call(RbacActions.grant, { userId: u, role: pick(roles), jurisdiction: pick(CODES) }, SYSTEM).catch(() => undefined);
      }
    }
    for (let k = 0; k < 10; k++) {
      await t.host.call(RbacActions.addPolicy, { role: pick(roles), permission: pick(EXTRA), jurisdiction: pick(CODES) }, SYSTEM).catch(() => undefined);
    }
  });
  afterAll(async () => { await t?.stop(); });

  it("every user × jurisdiction × permission gets the same answer both ways, cached or not", async () => {
    const engine = engineOf(t.host.broker)!;
    let allowed = 0;
    let checked = 0;
    for (const u of [...users, "stranger"]) {
      for (const code of CODES) {
        const chain = engine.paths.get(code)!;
        for (const permission of [...ALL_BUILTIN_PERMISSIONS, ...EXTRA]) {
          const expected = engine.decideByCasbinAlone(u, chain, permission);
          expect(engine.decide(u, chain, permission), `${u} ${code} ${permission}`).toBe(expected);
          expect(await engine.can(u, code, permission)).toBe(expected);
          expect(await engine.can(u, code, permission)).toBe(expected);
          if (expected) allowed++;
          checked++;
        }
      }
    }
    // The policy is not trivially empty or full.
    expect(allowed).toBeGreaterThan(20);
    expect(allowed).toBeLessThan(checked / 2);
  });
});

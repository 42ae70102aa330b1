/**
 * Separation of duties across nodes (MLPS 2.0 level 3): two nodes on one database granting two
 * conflicting administrator roles to the same user at the same moment. The check and the insert
 * run in one transaction under the policy write lock, so exactly one grant lands and the other
 * is refused with RBAC_SOD_CONFLICT — never both, and nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { systemContext } from "@anju/kernel";
import { testDbKinds } from "@anju/kernel/testing";
import { BuiltinRoles, RbacActions } from "../src/index.js";
import { seedTree, startHost, TREE, type RbacTestHost } from "./helpers.js";

const SYSTEM = systemContext();
const PAIRS: Array<[string, string]> = [
  [BuiltinRoles.securityAdmin, BuiltinRoles.auditAdmin],
  [BuiltinRoles.systemAdmin, BuiltinRoles.securityAdmin],
  [BuiltinRoles.auditAdmin, BuiltinRoles.systemAdmin],
];

describe.each(testDbKinds())("separation of duties under concurrent grants (%s)", (kind) => {
  let db: TestDatabase;
  let a: RbacTestHost;
  let b: RbacTestHost;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    a = await startHost({ dbUrl: db.url, config: { nodeId: "sod-a" } });
    await seedTree(a.host);
    b = await startHost({ dbUrl: db.url, config: { nodeId: "sod-b" } });
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.drop();
  });

  const grantsOf = async (userId: string) =>
    (await a.host.ds.query("SELECT v1 FROM anju_policy WHERE ptype = 'g' AND v0 = ?", [userId]) as Array<{ v1: string }>).map((r) => r.v1);

  // Two nodes on one SQLite file cannot share this process: better-sqlite3 waits for another
  // connection's write lock synchronously (busy_timeout), which would stall the very event loop
  // the other node needs to commit. Across processes the UPDATE in lockPolicyWrites takes the
  // file's write lock; one node's concurrent requests are covered below on both databases.
  const twoNodes = kind === "mysql" ? it : it.skip;

  twoNodes("MLPS SoD: two nodes granting conflicting roles to one user at once — exactly one succeeds, the other gets RBAC_SOD_CONFLICT", async () => {
    for (let round = 0; round < 6; round++) {
      const [first, second] = PAIRS[round % PAIRS.length];
      const userId = `race-${round}`;
      const results = await Promise.allSettled([
        a.host.call(RbacActions.grant, { userId, role: first, jurisdiction: TREE.hefei }, SYSTEM),
        b.host.call(RbacActions.grant, { userId, role: second, jurisdiction: TREE.luyang }, SYSTEM),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toMatchObject({ type: "RBAC_SOD_CONFLICT" });
      // Only the successful grant is stored.
      const stored = await grantsOf(userId);
      expect(stored).toHaveLength(1);
      expect([first, second]).toContain(stored[0]);
    }
  });

  it("MLPS SoD: two concurrent grants on one node — exactly one succeeds, the other gets RBAC_SOD_CONFLICT", async () => {
    const results = await Promise.allSettled([
      a.host.call(RbacActions.grant, { userId: "race-one-node", role: BuiltinRoles.securityAdmin, jurisdiction: TREE.hefei }, SYSTEM),
      a.host.call(RbacActions.grant, { userId: "race-one-node", role: BuiltinRoles.auditAdmin, jurisdiction: TREE.hefei }, SYSTEM),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ type: "RBAC_SOD_CONFLICT" });
    expect(await grantsOf("race-one-node")).toHaveLength(1);
  });
});

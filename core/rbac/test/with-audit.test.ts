/**
 * With the real audit trail (@anju/audit) in its slot: a denial lands in anju_audit as
 * `rbac.denied` with user, jurisdiction and IP from the session; a grant is recorded once (the
 * RBAC service records its own changes, the audit slot does not add a second row); a refused
 * grant is recorded as a failure with its code.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { auditMiddleware, createAuditService } from "@anju/audit";
import { BuiltinRoles, RbacActions, rbacMiddleware, rbacService, WorkPermissions } from "../src/index.js";
import { probeName, probeService, rejection, seedTree, TREE, user } from "./helpers.js";

const REVIEW = WorkPermissions.reportReview;
const KEY = "b2".repeat(32);

interface AuditRow { user_id: string | null; jurisdiction: string | null; action: string; object: string | null; result: string; ip: string | null; detail: string | null }

describe.each(testDbKinds())("RBAC with the audit trail (%s)", (kind) => {
  let t: TestHost;

  beforeEach(async () => {
    t = await createTestHost({
      db: kind,
      services: [rbacService(), probeService([REVIEW])],
      slots: { rbac: rbacMiddleware(), audit: auditMiddleware() },
    });
    // Started after the host: two services migrating in parallel `started()` hooks collide on
    // SQLite's single connection ("cannot start a transaction within a transaction").
    t.host.broker.createService(createAuditService({ key: KEY }));
    await t.host.broker.waitForServices(["audit"], 20_000);
    await seedTree(t.host);
    await t.host.call(RbacActions.grant, { userId: "sec", role: BuiltinRoles.securityAdmin, jurisdiction: TREE.province }, systemContext());
  });
  afterEach(async () => { await t?.stop(); });

  const audit = async (action: string): Promise<AuditRow[]> =>
    t.host.ds.query("SELECT user_id, jurisdiction, action, object, result, ip, detail FROM anju_audit WHERE action = ? ORDER BY seq", [action]);

  it("a denial is in the audit trail with the session's user, jurisdiction and IP", async () => {
    expect(await rejection(t.host.call(probeName(REVIEW), {}, user("wang", TREE.yaohai, "192.0.2.7")))).toMatchObject({ type: "FORBIDDEN", code: 403 });
    const rows = await audit("rbac.denied");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: "wang", jurisdiction: TREE.yaohai, result: "denied", ip: "192.0.2.7", object: probeName(REVIEW) });
    expect(JSON.parse(rows[0].detail!)).toEqual({ permission: REVIEW });
  });

  it("a grant is recorded once; a refused grant is recorded as a failure with its code", async () => {
    const sec = user("sec", TREE.province, "192.0.2.9");
    await t.host.call(RbacActions.grant, { userId: "wang", role: BuiltinRoles.reviewer, jurisdiction: TREE.hefei }, sec);
    await rejection(t.host.call(RbacActions.grant, { userId: "wang", role: "no-such-role", jurisdiction: TREE.hefei }, sec));
    const rows = (await audit("rbac.grant")).filter((r) => r.user_id === "sec");
    expect(rows.map((r) => [r.result, r.object, r.ip])).toEqual([
      ["success", `wang:${BuiltinRoles.reviewer}@${TREE.hefei}`, "192.0.2.9"],
      ["failure", `wang:no-such-role@${TREE.hefei}`, "192.0.2.9"],
    ]);
    expect(JSON.parse(rows[1].detail!)).toMatchObject({ error: "RBAC_ROLE_UNKNOWN" });
  });
});

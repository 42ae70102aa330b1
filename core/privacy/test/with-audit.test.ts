/**
 * With the real audit package running (hash-chained trail, audit slot filled): every reveal of
 * PI lands in `anju_audit` with user, jurisdiction, IP and object but no value; privacy's own
 * events are recorded once (not again by the slot); a refused reveal is recorded as denied.
 */
import { describe, expect, it } from "vitest";
import { auditMiddleware, createAuditService, verifyAudit } from "@anju/audit";
import { testDbKinds, createTestHost, type TestHost } from "@anju/kernel/testing";
import { afterEach, beforeEach } from "vitest";
import type { Context, ServiceSchema } from "moleculer";
import { createPrivacyService, PrivacyActions as A } from "../src/index.js";
import { officerGrants, PLUGINS, rejectionOf, TREE, user } from "./helpers.js";

const KEY = "b2".repeat(32);
const ANNA = { subjectId: "r-1", room: "2-301", name: "欧阳娜娜", phone: "13812341234", idNumber: "11010519491231001X" };
const officer = user("officer", TREE.shushan);

describe.each(testDbKinds())("privacy with the audit package (%s)", (db) => {
  let t: TestHost;
  const grants = new Map<string, string[]>();
  const rbac: ServiceSchema = { name: "rbac", actions: { permissionsOf: { handler: (ctx: Context<{ userId: string }>) => grants.get(ctx.params.userId) ?? [] } } };

  beforeEach(async () => {
    grants.clear();
    t = await createTestHost({ db, services: [createAuditService({ key: KEY }), createPrivacyService({ dependencies: ["audit"] }), rbac], slots: { audit: auditMiddleware() }, pluginDirs: [PLUGINS] });
    await t.host.jurisdictions.add({ code: TREE.province, name: "安徽省", level: "province" });
    await t.host.jurisdictions.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
    await t.host.jurisdictions.add({ code: TREE.shushan, name: "蜀山区", level: "county", parentCode: TREE.hefei });
    await t.host.plugins.install("pi-residents");
    await t.host.plugins.enable("pi-residents", TREE.province);
  });
  afterEach(async () => { await t.stop(); });

  const trail = (action: string) => t.host.ds.query("SELECT user_id, jurisdiction, action, object, result, ip, detail FROM anju_audit WHERE action = ? ORDER BY seq", [action]) as Promise<Array<Record<string, string>>>;

  it("records each reveal in the hash-chained trail without the value, and consent changes exactly once", async () => {
    grants.set("officer", officerGrants(true));
    await t.host.call(A.consentsRecord, { subjectId: "r-1", purpose: "residence-registration", kinds: ["phone", "idNumber"] }, officer);
    const r = await t.host.call<{ id: number }>("pi-residents.create", ANNA, officer);
    await t.host.call(A.reveal, { entity: "PiResident", field: "idNumber", id: r.id }, officer);
    await t.host.call(A.reveal, { entity: "PiResident", field: "idNumber", id: r.id }, officer);

    const views = await trail("privacy.unmask");
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({ user_id: "officer", jurisdiction: TREE.shushan, object: `PiResident:${r.id}#idNumber`, result: "success", ip: "10.0.0.7" });
    expect(await trail("privacy.consent.record")).toHaveLength(1);
    expect(await trail(A.consentsRecord)).toHaveLength(0); // the slot did not record it a second time
    const all = JSON.stringify(await t.host.ds.query("SELECT * FROM anju_audit"));
    for (const secret of [ANNA.phone, ANNA.idNumber, ANNA.name]) expect(all).not.toContain(secret);
    expect((await verifyAudit(t.host)).ok).toBe(true);
  });

  it("records a refused reveal as denied", async () => {
    grants.set("officer", officerGrants(false));
    expect(await rejectionOf(t.host.call(A.reveal, { entity: "PiResident", field: "phone", id: 1 }, officer))).toMatchObject({ type: "FORBIDDEN" });
    const denied = await trail(A.reveal);
    expect(denied).toEqual([expect.objectContaining({ user_id: "officer", result: "denied" })]);
    expect(JSON.parse(denied[0].detail)).toMatchObject({ permission: "pi:unmask" });
  });
});

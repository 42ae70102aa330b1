/**
 * Y7 fire early-warning notices: the property company or the community police publish to one
 * community; residents there see what is in force until it expires or is withdrawn; publishing
 * and withdrawing are audited; another community's notice is "not found".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { YiyangActions as A, YiyangAudit } from "../src/actions.js";
import { beijing, community, rejectionOf, ROLES, TREE, useYiyangHost } from "./helpers.js";

describe.each(testDbKinds())("fire early-warning notices on %s (Y7)", (kind) => {
  const h = useYiyangHost(kind);
  let home: { id: number; jurisdictionCode: string };
  let other: { id: number; jurisdictionCode: string };
  const resident = (action: string, params: Record<string, unknown> = {}, at = home.jurisdictionCode) => h.call(action, params, at, ROLES.resident, "resident-1");
  const property = (action: string, params: Record<string, unknown>, at = home.jurisdictionCode) => h.call(action, params, at, ROLES.property, "property-1");
  const notice = (patch: Record<string, unknown> = {}) => ({
    communityId: home.id, title: "电动自行车充电防火提示", content: "请勿在楼道、楼梯间为电动自行车充电。\n发现隐患请拨打119。", level: "warning",
    validUntil: beijing("2021-06-08 00:00:00").toISOString(), ...patch,
  });

  beforeAll(async () => {
    h.at("2021-06-01 09:00:00");
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
    other = await community(h, TREE.yijiang, { name: "弋江新村" });
  });

  it("Y7: a published notice reaches the community's residents with title, content, level and validity, and the publication is audited", async () => {
    const published = await property(A.notices.publish, notice());
    expect(published).toMatchObject({ status: "active", communityName: "志敏花园", level: "warning", publishedBy: "property-1" });
    const current = await resident(A.notices.current);
    expect(current.items).toHaveLength(1);
    expect(current.items[0]).toMatchObject({ id: published.id, title: "电动自行车充电防火提示", content: expect.stringContaining("119"), level: "warning", status: "active" });
    expect(new Date(current.items[0].validUntil).toISOString()).toBe(beijing("2021-06-08 00:00:00").toISOString());
    expect((await resident(A.notices.current, {}, other.jurisdictionCode)).total).toBe(0);
    expect(h.audit.find((e) => e.action === YiyangAudit.noticePublish && e.object === String(published.id))).toMatchObject({ userId: "property-1", jurisdiction: home.jurisdictionCode });
    // The county sees every community's notices through its subtree.
    expect((await h.call(A.notices.current, {}, TREE.yiyang, ROLES.official)).total).toBe(1);
  });

  it("Y7: a notice leaves the residents' list when it expires (server time), but stays in the publishers' list as expired", async () => {
    h.at("2021-06-08 00:00:00");
    expect((await resident(A.notices.current)).total).toBe(0);
    const all = await property(A.notices.list, { status: "expired" });
    expect(all.items.map((n: { status: string }) => n.status)).toEqual(["expired"]);
    h.at("2021-06-01 09:00:00");
  });

  it("Y7: withdrawing is audited with its reason and takes the notice off the residents' list; a second withdrawal is refused", async () => {
    const published = await property(A.notices.publish, notice({ title: "燃气管道检修", level: "urgent" }));
    const withdrawn = await property(A.notices.withdraw, { id: published.id, reason: "检修已提前完成" });
    expect(withdrawn).toMatchObject({ status: "withdrawn", withdrawnBy: "property-1", withdrawReason: "检修已提前完成" });
    expect((await resident(A.notices.current)).items.map((n: { id: number }) => n.id)).not.toContain(published.id);
    expect((await property(A.notices.list, { status: "withdrawn" })).items.map((n: { id: number }) => n.id)).toEqual([published.id]);
    expect(h.audit.find((e) => e.action === YiyangAudit.noticeWithdraw && e.object === String(published.id))).toMatchObject({ detail: expect.objectContaining({ reason: "检修已提前完成" }) });
    expect((await rejectionOf(property(A.notices.withdraw, { id: published.id }))).type).toBe("YIYANG_NOTICE_WITHDRAWN");
  });

  it("Y7: another community's notice is not found; residents cannot publish; a notice already past its validity is refused", async () => {
    const published = await property(A.notices.publish, notice());
    expect((await rejectionOf(resident(A.notices.get, { id: published.id }, other.jurisdictionCode))).status).toBe(404);
    expect((await rejectionOf(property(A.notices.withdraw, { id: published.id }, other.jurisdictionCode))).status).toBe(404);
    expect((await rejectionOf(property(A.notices.publish, notice(), other.jurisdictionCode))).status).toBe(404);
    expect((await rejectionOf(resident(A.notices.publish, notice()))).type).toBe("YIYANG_FORBIDDEN");
    const stale = await rejectionOf(property(A.notices.publish, notice({ validUntil: beijing("2021-06-01 08:00:00").toISOString() })));
    expect(stale).toMatchObject({ type: "YIYANG_NOTICE_ALREADY_EXPIRED", status: 422 });
    expect((await rejectionOf(property(A.notices.publish, notice({ level: "fire" })))).type).toBe("VALIDATION_FAILED");
    expect((await rejectionOf(property(A.notices.publish, notice({ title: "<script>" })))).type).toBe("VALIDATION_FAILED");
  });
});

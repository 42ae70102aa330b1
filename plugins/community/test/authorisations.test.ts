/**
 * Resident authorisations (住户授权): granted, changed and revoked by the property company,
 * read by community police; names, ID numbers and credentials encrypted and masked (H11);
 * every change audited and announced without personal information.
 */
import { describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { CommunityActions as A, CommunityAudit, CommunityEvents, type AuthorisationChangedEvent } from "../src/actions.js";
import { TREE, communityInput, rejectionOf, useCommunityHost } from "./helpers.js";

const PROPERTY = ["property-operator"];
const POLICE = ["community-police"];
// A valid resident ID number (check character X).
const ID_NO = "11010519491231002X";
const PI_VALUES = ["王小明", ID_NO, "皖A12345", "12345"];

describe.each(testDbKinds())("resident authorisations on %s", (kind) => {
  const h = useCommunityHost(kind);
  let seq = 0;

  async function community() {
    seq += 1;
    const c = await h.call(A.communities.create, communityInput(`授权小区${seq}`));
    const b = await h.call(A.buildings.create, { communityId: c.id, name: "1号楼" });
    const u = await h.call(A.units.create, { buildingId: b.id, name: "1单元" });
    return { c, b, u };
  }

  it("H11: grant, update and revoke are audited and announced with no personal information; answers are masked", async () => {
    const { c, b, u } = await community();
    const changes: AuthorisationChangedEvent[] = [];
    h.host.broker.createService({ name: `auth-listener-${kind}`, events: { [CommunityEvents.authorisationChanged]: (ctx: { params: AuthorisationChangedEvent }) => { changes.push(ctx.params); } } });
    const auditBefore = h.audit.length;

    const granted = await h.call(A.authorisations.grant, {
      communityId: c.id, unitId: u.id, holderName: "王小明", holderIdNo: ID_NO, subject: "vehicle", credential: "plate", credentialRef: "皖A·12345",
      validFrom: "2026-01-01T00:00:00+08:00", validTo: "2027-01-01T00:00:00+08:00",
    }, TREE.hefei, PROPERTY);
    expect(granted).toMatchObject({ holderName: "王**", holderIdNo: "110***********002X", credentialRef: "****", buildingId: b.id, unitId: u.id, status: "active", revision: 1, validFrom: "2025-12-31T16:00:00.000Z" });
    expect(JSON.stringify(granted)).not.toMatch(/Bidx/);
    const [raw] = await h.host.ds.query("SELECT holder_name, holder_id_no, credential_ref FROM community_authorisation WHERE id = ?", [granted.id]);
    for (const v of Object.values(raw)) expect(String(v)).toMatch(/^v1:/);

    const updated = await h.call(A.authorisations.update, { id: granted.id, validTo: null, holderName: "王晓明" }, TREE.hefei, PROPERTY);
    expect(updated).toMatchObject({ revision: 2, validTo: null, holderName: "王**" });
    const revoked = await h.call(A.authorisations.revoke, { id: granted.id }, TREE.hefei, PROPERTY);
    expect(revoked).toMatchObject({ status: "revoked", revision: 3 });
    expect(revoked.revokedAt).not.toBeNull();
    await expect(h.call(A.authorisations.update, { id: granted.id, holderName: "张三" }, TREE.hefei, PROPERTY)).rejects.toMatchObject({ type: "COMMUNITY_AUTHORISATION_REVOKED", code: 409 });
    await expect(h.call(A.authorisations.revoke, { id: granted.id }, TREE.hefei, PROPERTY)).rejects.toMatchObject({ type: "COMMUNITY_AUTHORISATION_REVOKED" });

    const trail = h.audit.slice(auditBefore).filter((e) => e.object === String(granted.id));
    expect(trail.map((e) => e.action)).toEqual([CommunityAudit.authorisationGrant, CommunityAudit.authorisationUpdate, CommunityAudit.authorisationRevoke]);
    expect(trail[1].detail).toMatchObject({ fields: ["holderName", "validTo"], revision: 2 });
    await waitFor("three change events", () => changes.filter((e) => e.id === granted.id).length === 3);
    const mine = changes.filter((e) => e.id === granted.id);
    expect(mine.map((e) => [e.change, e.revision])).toEqual([["granted", 1], ["updated", 2], ["revoked", 3]]);
    expect(mine[0]).toMatchObject({ communityId: c.id, jurisdictionCode: c.jurisdictionCode });
    for (const text of [JSON.stringify(trail), JSON.stringify(mine)]) for (const v of [...PI_VALUES, "王晓明"]) expect(text).not.toContain(v);
  });

  it("lists masked, finds by ID number or credential through the blind index; unmasked only for a system call", async () => {
    const { c } = await community();
    const a = await h.call(A.authorisations.grant, { communityId: c.id, holderName: "赵六", holderIdNo: ID_NO, subject: "person", credential: "card", credentialRef: "0x12 34" }, TREE.hefei, PROPERTY);
    await h.call(A.authorisations.grant, { communityId: c.id, holderName: "钱七", subject: "person", credential: "face", credentialRef: "P-000001" }, TREE.hefei, PROPERTY);
    const byId = await h.call(A.authorisations.list, { communityId: c.id, holderIdNo: ID_NO.toLowerCase() }, TREE.hefei, POLICE);
    expect(byId.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const byCard = await h.call(A.authorisations.list, { communityId: c.id, credentialRef: "0X1234" }, TREE.hefei, POLICE);
    expect(byCard.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    expect((await h.call(A.authorisations.list, { communityId: c.id }, TREE.hefei, POLICE)).items.every((x: { holderName: string }) => x.holderName.endsWith("*"))).toBe(true);
    // A user asking for plain values is refused, whatever roles; the system (uplink) gets them, and it is recorded.
    await expect(h.call(A.authorisations.get, { id: a.id, unmasked: true })).rejects.toMatchObject({ type: "COMMUNITY_UNMASKED_SYSTEM_ONLY", code: 403 });
    const plain = await h.host.call<Record<string, unknown>>(A.authorisations.get, { id: a.id, unmasked: true }, systemContext(c.jurisdictionCode));
    expect(plain).toMatchObject({ holderName: "赵六", holderIdNo: ID_NO, credentialRef: "0X1234" });
    expect(h.audit.some((e) => e.action === CommunityAudit.authorisationUnmask && e.object === String(a.id))).toBe(true);
    // Another jurisdiction: not found.
    await expect(h.call(A.authorisations.get, { id: a.id }, TREE.tongling)).rejects.toMatchObject({ code: 404 });
  });

  it("refuses bad values with coded errors and writes nothing", async () => {
    const { c, u } = await community();
    const other = await community();
    const base = { communityId: c.id, holderName: "孙八", subject: "person", credential: "card", credentialRef: "A1" };
    await expect(h.call(A.authorisations.grant, { ...base, holderIdNo: "110105194912310021" })).rejects.toMatchObject({ type: "COMMUNITY_ID_NUMBER_INVALID" });
    await expect(h.call(A.authorisations.grant, { ...base, validFrom: "2026-02-01T00:00:00Z", validTo: "2026-01-01T00:00:00Z" })).rejects.toMatchObject({ type: "COMMUNITY_AUTHORISATION_PERIOD_INVALID" });
    await expect(h.call(A.authorisations.grant, { ...base, credentialRef: "<script>" })).rejects.toMatchObject({ type: "COMMUNITY_CREDENTIAL_REF_INVALID" });
    await expect(h.call(A.authorisations.grant, { ...base, unitId: other.u.id })).rejects.toMatchObject({ type: "COMMUNITY_REFERENCE_INVALID" });
    await expect(h.call(A.authorisations.grant, { ...base, credential: "retina" })).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    expect((await h.call(A.authorisations.list, { communityId: c.id })).total).toBe(0);
    expect((await h.call(A.authorisations.grant, { ...base, unitId: u.id })).unitId).toBe(u.id);
  });

  it("community police read authorisations but cannot grant, change or revoke them", async () => {
    const { c } = await community();
    const a = await h.call(A.authorisations.grant, { communityId: c.id, holderName: "周九", subject: "person", credential: "card", credentialRef: "C9" }, TREE.hefei, PROPERTY);
    expect((await h.call(A.authorisations.get, { id: a.id }, TREE.hefei, POLICE)).id).toBe(a.id);
    for (const [action, params] of [[A.authorisations.grant, { communityId: c.id, holderName: "x", subject: "person", credential: "card", credentialRef: "X1" }], [A.authorisations.update, { id: a.id, holderName: "y" }], [A.authorisations.revoke, { id: a.id }]] as const) {
      const err = await rejectionOf(h.call(action, params, TREE.hefei, POLICE));
      expect(err).toMatchObject({ type: "COMMUNITY_FORBIDDEN", code: 403 });
    }
    await expect(h.call(A.authorisations.list, {}, TREE.hefei, ["viewer"])).rejects.toMatchObject({ type: "COMMUNITY_FORBIDDEN" });
    expect((await h.call(A.authorisations.get, { id: a.id }, TREE.hefei, POLICE)).revision).toBe(1);
  });
});

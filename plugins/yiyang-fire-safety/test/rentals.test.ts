/**
 * Y7 rental-housing registration: personal information encrypted at rest (a raw dump shows no
 * name, phone, ID number or address) and masked in every answer; jurisdiction-scoped (another
 * community's registration is "not found"); wrong input refused with a coded error and nothing
 * stored; registering, changing and removing audited without the values.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { YiyangActions as A, YiyangAudit } from "../src/actions.js";
import { checkIdNumber } from "../src/identity.js";
import { community, rejectionOf, ROLES, TREE, useYiyangHost } from "./helpers.js";

const ID = "361126199001010028";
const RENTAL = {
  address: "江西省上饶市弋阳县弋江镇志敏大道8号2栋301室", landlordName: "王建国", landlordPhone: "13907930001",
  tenantName: "欧阳晓梅", tenantIdNumber: ID, tenantPhone: "0793-5881234", startsOn: "2022-03-01", endsOn: "2023-02-28",
};

describe("resident ID numbers (GB 11643)", () => {
  it("Y7: accepts a valid number (check character X too) and refuses a wrong check character, a bad birth date or length", () => {
    expect(checkIdNumber("f", "36112619850315123x")).toBe("36112619850315123X");
    expect(checkIdNumber("f", ID)).toBe(ID);
    for (const bad of ["361126199001010027", "361126199002300021", "36112619900101002", "3611261990010100AX"]) {
      expect(() => checkIdNumber("f", bad), bad).toThrow(expect.objectContaining({ type: "YIYANG_ID_NUMBER_INVALID" }));
    }
  });
});

describe.each(testDbKinds())("rental-housing registration on %s (Y7)", (kind) => {
  const h = useYiyangHost(kind);
  let home: { id: number; jurisdictionCode: string };
  let other: { id: number; jurisdictionCode: string };
  let unitId: number;
  const police = <T = any>(action: string, params: Record<string, unknown>) => h.call<T>(action, params, home.jurisdictionCode, ROLES.police, "police-1"); // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read results loosely

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
    other = await community(h, TREE.yijiang, { name: "弋江新村" });
    const building = await h.system<{ id: number }>(C.buildings.create, { communityId: home.id, name: "2栋", floors: 6 }, TREE.yijiang);
    unitId = (await h.system<{ id: number }>(C.units.create, { buildingId: building.id, name: "1单元" }, TREE.yijiang)).id;
  });

  it("Y7: stores names, phones, the ID number and the address encrypted and answers them masked", async () => {
    const created = await police(A.rentals.create, { communityId: home.id, unitId, ...RENTAL });
    expect(created).toMatchObject({
      communityId: home.id, unitId, landlordName: "王**", landlordPhone: "139****0001", tenantName: "欧阳**", tenantIdNumber: "361***********0028",
      address: "江西省上饶市弋阳县****", startsOn: "2022-03-01", endsOn: "2023-02-28",
    });
    expect(created.buildingId).toBeGreaterThan(0);
    expect(JSON.stringify(created)).not.toMatch(/Bidx|bidx/);
    const [raw] = await h.host.ds.query("SELECT * FROM yiyang_rental WHERE id = ?", [created.id]);
    const dump = JSON.stringify(raw);
    for (const plain of ["王建国", "13907930001", "欧阳晓梅", ID, "5881234", "志敏大道"]) expect(dump).not.toContain(plain);
    expect(String(raw.tenant_id_number)).toMatch(/^v1:/);
    const got = await police(A.rentals.get, { id: created.id });
    expect(got.tenantIdNumber).toBe("361***********0028");
    const listed = await police<{ items: Array<{ id: number; tenantName: string }> }>(A.rentals.list, { pageSize: 100 });
    expect(listed.items.find((r) => r.id === created.id)?.tenantName).toBe("欧阳**");
    // The police find a tenant's registrations by the exact number without decrypting the table.
    const found = await h.call(A.rentals.list, { tenantIdNumber: ID }, TREE.yiyang, ROLES.official);
    expect(found.items.map((r: { id: number }) => r.id)).toEqual([created.id]);
    const event = h.audit.find((e) => e.action === YiyangAudit.rentalCreate && e.object === String(created.id));
    expect(event).toMatchObject({ userId: "police-1", jurisdiction: home.jurisdictionCode });
    expect(JSON.stringify(event)).not.toContain(ID);
  });

  it("Y7: another community's registration is not found, and a registration cannot be placed in another community", async () => {
    const created = await police(A.rentals.create, { communityId: home.id, ...RENTAL, tenantIdNumber: "36112619850315123X" });
    const asOther = await rejectionOf(h.call(A.rentals.get, { id: created.id }, other.jurisdictionCode, ROLES.police));
    expect(asOther).toMatchObject({ type: "TENANT_OUT_OF_SCOPE", status: 404 });
    const listed = await h.call(A.rentals.list, { pageSize: 100 }, other.jurisdictionCode, ROLES.police);
    expect(listed.total).toBe(0);
    expect((await rejectionOf(h.call(A.rentals.update, { id: created.id, tenantPhone: "13800000000" }, other.jurisdictionCode, ROLES.police))).status).toBe(404);
    expect((await rejectionOf(h.call(A.rentals.remove, { id: created.id }, TREE.yugan, ROLES.police))).status).toBe(404);
    expect((await rejectionOf(police(A.rentals.create, { communityId: other.id, ...RENTAL }))).status).toBe(404);
    expect((await rejectionOf(h.call(A.rentals.create, { communityId: home.id, unitId, ...RENTAL }, other.jurisdictionCode, ROLES.police))).status).toBe(404);
    expect((await rejectionOf(h.call(A.rentals.get, { id: created.id }, home.jurisdictionCode, ROLES.resident))).type).toBe("YIYANG_FORBIDDEN");
  });

  it("Y7: refuses an end before the start, a wrong ID check character, a bad phone and a unit of another community — and stores nothing", async () => {
    const before = Number((await h.host.ds.query("SELECT COUNT(*) AS n FROM yiyang_rental"))[0].n);
    const otherUnit = (await h.system<{ id: number }>(C.units.create, {
      buildingId: (await h.system<{ id: number }>(C.buildings.create, { communityId: other.id, name: "9栋" }, TREE.yijiang)).id, name: "1单元",
    }, TREE.yijiang)).id;
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ startsOn: "2023-03-01", endsOn: "2023-02-28" }, "YIYANG_RENTAL_PERIOD_INVALID", 422],
      [{ tenantIdNumber: "361126199001010027" }, "YIYANG_ID_NUMBER_INVALID", 422],
      [{ tenantPhone: "12345" }, "YIYANG_PHONE_INVALID", 422],
      [{ landlordPhone: "1390793000" }, "YIYANG_PHONE_INVALID", 422],
      [{ startsOn: "2023-02-30" }, "VALIDATION_FAILED", 422],
    ];
    for (const [patch, type, status] of cases) {
      const err = await rejectionOf(police(A.rentals.create, { communityId: home.id, ...RENTAL, ...patch }));
      expect({ type: err.type, status: err.status }, JSON.stringify(patch)).toEqual({ type, status });
      expect(err.messages?.["zh-CN"] ?? err.message).toBeTruthy();
    }
    // From the town, both communities are in reach: the unit exists but is not the community's.
    const misplaced = await rejectionOf(h.call(A.rentals.create, { communityId: home.id, ...RENTAL, unitId: otherUnit }, TREE.yijiang, ROLES.police));
    expect(misplaced).toMatchObject({ type: "YIYANG_UNIT_NOT_IN_COMMUNITY", status: 422 });
    // From the home community the other community's unit does not exist.
    expect((await rejectionOf(police(A.rentals.create, { communityId: home.id, ...RENTAL, unitId: otherUnit }))).status).toBe(404);
    const period = await rejectionOf(police(A.rentals.create, { communityId: home.id, ...RENTAL, startsOn: "2023-03-01", endsOn: "2023-02-28" }));
    expect(period.messages).toMatchObject({ "zh-CN": expect.stringContaining("早于开始日期"), en: expect.stringContaining("ends (2023-02-28) before it starts (2023-03-01)") });
    expect(Number((await h.host.ds.query("SELECT COUNT(*) AS n FROM yiyang_rental"))[0].n)).toBe(before);
  });

  it("Y7: an update re-checks the period against the stored dates; removing is audited", async () => {
    const created = await police(A.rentals.create, { communityId: home.id, ...RENTAL });
    const err = await rejectionOf(police(A.rentals.update, { id: created.id, endsOn: "2022-02-01" }));
    expect(err.type).toBe("YIYANG_RENTAL_PERIOD_INVALID");
    const updated = await police(A.rentals.update, { id: created.id, endsOn: "2024-02-29", tenantPhone: "13812345678" });
    expect(updated).toMatchObject({ endsOn: "2024-02-29", tenantPhone: "138****5678", tenantName: "欧阳**" });
    await police(A.rentals.remove, { id: created.id });
    expect((await rejectionOf(police(A.rentals.get, { id: created.id }))).status).toBe(404);
    expect(h.audit.filter((e) => e.object === String(created.id)).map((e) => e.action)).toEqual([YiyangAudit.rentalCreate, YiyangAudit.rentalUpdate, YiyangAudit.rentalRemove]);
  });
});

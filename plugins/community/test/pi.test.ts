/**
 * H11: the custodian's and maintainer's phones are personal information — encrypted at rest
 * (a raw dump of the table shows no phone number), masked in every API answer, and phones
 * stored by an earlier version are encrypted by the migration.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CommunityActions as A } from "../src/actions.js";
import { encryptContactPhones } from "../src/migrations/20261122210000-encrypt-contact-phones.js";
import { communityInput, useCommunityHost } from "./helpers.js";

const PHONES = { custodianPhone: "13812345678", maintainerPhone: "0551-62880001" };

describe.each(testDbKinds())("contact phones as personal information on %s (H11)", (kind) => {
  const h = useCommunityHost(kind);

  it("H11: stores the phones encrypted and answers them masked", async () => {
    const created = await h.call(A.communities.create, communityInput("加密小区", PHONES));
    expect(created.custodianPhone).toBe("138****5678");
    expect(created.maintainerPhone).not.toContain("62880001");
    const [raw] = await h.host.ds.query("SELECT custodian_phone, maintainer_phone FROM community_community WHERE id = ?", [created.id]);
    expect(String(raw.custodian_phone)).toMatch(/^v1:/);
    expect(JSON.stringify(raw)).not.toContain("12345678");
    expect(JSON.stringify(raw)).not.toContain("62880001");
    const listed = await h.call<{ items: Array<{ id: number; custodianPhone: string }> }>(A.communities.list, { pageSize: 100 });
    expect(listed.items.find((c) => c.id === created.id)?.custodianPhone).toBe("138****5678");
    expect((await h.call(A.communities.get, { id: created.id })).custodianPhone).toBe("138****5678");
    const updated = await h.call(A.communities.update, { id: created.id, custodianPhone: "13900001111" });
    expect(updated.custodianPhone).toBe("139****1111");
  });

  it("H11: the migration encrypts phones an earlier version stored in plaintext, and is safe to run twice", async () => {
    const created = await h.call(A.communities.create, communityInput("旧版小区", PHONES));
    await h.host.ds.query("UPDATE community_community SET custodian_phone = ? WHERE id = ?", ["13700002222", created.id]);
    const qr = h.host.ds.createQueryRunner();
    try {
      await encryptContactPhones.up(qr, h.host.ds);
      await encryptContactPhones.up(qr, h.host.ds);
    } finally {
      await qr.release();
    }
    const [raw] = await h.host.ds.query("SELECT custodian_phone FROM community_community WHERE id = ?", [created.id]);
    expect(String(raw.custodian_phone)).toMatch(/^v1:/);
    expect((await h.call(A.communities.get, { id: created.id })).custodianPhone).toBe("137****2222");
  });
});

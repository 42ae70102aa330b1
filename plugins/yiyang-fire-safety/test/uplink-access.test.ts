/**
 * Y2: resident-authorisation changes and access events (passages, captures by reference) go to
 * the county through the uplink outbox exactly once — a marker in the same transaction, and a
 * sweep for what an event missed — and the county keeps them for its subtree: the holder's
 * identity encrypted at rest and masked in every answer, the capture image never (its
 * reference only), a newer revision never replaced by an older one, another community's
 * records not projected.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { applyMessages, isSealed, migrateInbox, openSealed, pendingRows, subtreeOf } from "@anju/uplink";
// The relay's own packing: the county gets exactly the bytes a relay would publish.
import { packRows, patchSentAt } from "../../../core/uplink/src/relay.js";
import { YiyangActions as A } from "../src/actions.js";
import { UplinkKinds } from "../src/constants.js";
import { projectCountyAccess } from "../src/alarms/county-access.js";
import { sweepAccess } from "../src/services/access.service.js";
import { community, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

describe.each(testDbKinds())("Y2 uplink of authorisations and access events on %s", (kind) => {
  const h = useAlarmHost(kind);
  let home: { id: number; jurisdictionCode: string };
  let grantId: number;
  const rawOutbox = async (k: string) => (await h.host.ds.query("SELECT seq, kind, device_code, device_seq, ts, data FROM anju_uplink_outbox WHERE kind = ? ORDER BY seq", [k])) as Array<Record<string, unknown>>;
  // What the relay would publish: sealed rows opened with the node's key.
  const outbox = async (k: string) => openSealed(h.host.ds, (await rawOutbox(k)).map((r) => ({
    seq: Number(r.seq), kind: String(r.kind), deviceCode: String(r.device_code), deviceSeq: Number(r.device_seq), ts: Number(r.ts), data: String(r.data), sealed: isSealed(String(r.data)),
  }))).rows.map((r) => ({ deviceCode: r.deviceCode, data: JSON.parse(r.data) }));
  const sys = (action: string, params: Record<string, unknown>) => h.system(action, params, home.jurisdictionCode);

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
  });

  it("Y2: each revision of an authorisation (granted, updated, revoked) goes up once, with the holder and a vehicle's plate; sweeps add nothing", async () => {
    const g = await sys(C.authorisations.grant, {
      communityId: home.id, holderName: "王建国", holderIdNo: "361126199001010028", subject: "vehicle", credential: "plate", credentialRef: "赣E12345",
      validFrom: "2021-06-01T00:00:00+08:00",
    });
    grantId = g.id;
    await waitFor("granted in the outbox", async () => ((await outbox(UplinkKinds.authorisation)).length === 1 ? true : undefined), 20_000);
    await sys(C.authorisations.update, { id: grantId, validTo: "2022-06-01T00:00:00+08:00" });
    await waitFor("updated in the outbox", async () => ((await outbox(UplinkKinds.authorisation)).length === 2 ? true : undefined), 20_000);
    await sweepAccess(h.host.broker);
    await sweepAccess(h.host.broker);
    const sent = await outbox(UplinkKinds.authorisation);
    expect(sent.map((r) => [r.deviceCode, r.data.revision, r.data.change])).toEqual([[`authorisation-${grantId}`, 1, "granted"], [`authorisation-${grantId}`, 2, "updated"]]);
    expect(sent[0].data).toMatchObject({ holderName: "王建国", holderIdNo: "361126199001010028", plate: "赣E12345", subject: "vehicle", jurisdiction: home.jurisdictionCode });
  });

  it("H11: the authorisation records wait in the outbox sealed — neither the holder's name, ID number nor plate is in the table in clear", async () => {
    const raw = await rawOutbox(UplinkKinds.authorisation);
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw) {
      expect(String(r.data)).toMatch(/^s1:/);
      expect(String(r.data)).not.toMatch(/王建国|361126199001010028|赣E12345/);
    }
  });

  it("Y2: a change whose event never reached Yiyang (a crash after the commit) is caught by the sweep, once", async () => {
    // The revocation as the community plugin commits it, without its event.
    await h.host.ds.query("UPDATE community_authorisation SET status = 'revoked', revoked_at = ?, revision = revision + 1 WHERE id = ?", [Date.now(), grantId]);
    const first = await sweepAccess(h.host.broker);
    const second = await sweepAccess(h.host.broker);
    expect([first.authorisations, second.authorisations]).toEqual([1, 0]);
    expect((await outbox(UplinkKinds.authorisation)).map((r) => [r.data.revision, r.data.change, r.data.status])).toEqual([[1, "granted", "active"], [2, "updated", "active"], [3, "revoked", "revoked"]]);
  });

  it("Y2: passages and captures go up once each with the capture's reference, never the credential", async () => {
    await sys(C.accessEvents.record, {
      communityId: home.id, events: [
        { sourceEventId: `CAP-${kind}-1`, kind: "capture", subject: "vehicle", method: "plate", outcome: "granted", credentialRef: "赣E12345", captureRef: "oss://yijiang/plates/0001.jpg", occurredAt: Date.now() - 60_000 },
        { sourceEventId: `PAS-${kind}-1`, kind: "passage", subject: "person", method: "card", outcome: "granted", credentialRef: "CARD-77", occurredAt: Date.now() - 30_000 },
      ],
    });
    const sent = await waitFor("two access records", async () => {
      const rows = await outbox(UplinkKinds.accessEvent);
      return rows.length === 2 ? rows : undefined;
    }, 20_000);
    await sweepAccess(h.host.broker);
    expect(await outbox(UplinkKinds.accessEvent)).toHaveLength(2);
    expect(sent.map((r) => [r.data.kind, r.data.captureRef])).toEqual([["capture", "oss://yijiang/plates/0001.jpg"], ["passage", null]]);
    for (const r of sent) expect(JSON.stringify(r.data)).not.toMatch(/CARD-77|赣E12345/);
  });

  it("Y2: the county keeps the newest revision, the holder encrypted at rest and masked, and the access events with references; a repeat or another town's node changes nothing", async () => {
    const ds = h.host.ds;
    await migrateInbox(ds);
    const { rows, refused } = openSealed(ds, await pendingRows(ds, 1000));
    expect(refused).toEqual([]);
    const mine = rows.filter((r) => r.kind === UplinkKinds.authorisation || r.kind === UplinkKinds.accessEvent);
    const policy = { countyCode: TREE.yiyang, inSubtree: subtreeOf([home.jurisdictionCode]), skewThresholdMs: 5000, onRecords: projectCountyAccess };
    const pack = (from: string, list: typeof rows) => packRows(TREE.yiyang, from, list, { recordsPerMessage: 200, maxMessageBytes: 512 * 1024 });
    let streamSeq = 0;
    const inbound = (packed: ReturnType<typeof pack>) => packed.map((m) => ({ subject: m.subject, data: patchSentAt(m.body, Date.now()), streamSeq: ++streamSeq, storedAt: Date.now() }));
    await ds.transaction((tx) => applyMessages(tx, policy, inbound(pack(home.jurisdictionCode, mine))));
    await ds.transaction((tx) => applyMessages(tx, policy, inbound(pack(home.jurisdictionCode, mine))));
    const auths = await h.call(A.access.countyAuthorisations, {}, TREE.yiyang, ROLES.official);
    expect(auths.items).toHaveLength(1);
    expect(auths.items[0]).toMatchObject({ authorisationId: grantId, revision: 3, change: "revoked", status: "revoked", communityCode: home.jurisdictionCode, subject: "vehicle" });
    expect(auths.items[0].holderName).not.toBe("王建国");
    expect(auths.items[0].holderName).toMatch(/^王/);
    expect(auths.items[0].holderIdNo).not.toContain("199001010");
    expect(auths.items[0].plate).not.toBe("赣E12345");
    // At rest: ciphertext, not the name, ID number or plate.
    const raw = (await ds.query("SELECT holder_name, holder_id_no, credential_ref FROM yiyang_county_authorisation")) as Array<Record<string, string>>;
    expect(Object.values(raw[0]).join(" ")).not.toMatch(/王建国|361126199001010028|赣E12345/);
    // H11: the county's inbox keeps the received records sealed too, not the raw payload in clear.
    const inbox = (await ds.query("SELECT data FROM anju_uplink_record WHERE kind = ?", [UplinkKinds.authorisation])) as Array<{ data: string }>;
    expect(inbox.length).toBe(3);
    for (const r of inbox) expect(r.data).not.toMatch(/王建国|361126199001010028|赣E12345/);
    const events = await h.call(A.access.countyAccessEvents, {}, TREE.yiyang, ROLES.official);
    expect(events.items.map((e: { kind: string; captureRef: string | null }) => [e.kind, e.captureRef]).sort()).toEqual([["capture", "oss://yijiang/plates/0001.jpg"], ["passage", null]]);
    // Another town's official sees none of it; 叠山镇's node cannot file them as this community.
    expect((await h.call(A.access.countyAuthorisations, {}, TREE.dieshan, ROLES.official)).total).toBe(0);
    const forged = { ...policy, inSubtree: subtreeOf([TREE.dieshan]) };
    await ds.transaction((tx) => applyMessages(tx, forged, inbound(pack(TREE.dieshan, mine))));
    expect((await h.call(A.access.countyAccessEvents, {}, TREE.yiyang, ROLES.official)).total).toBe(2);
    // An older revision coming late (e.g. a revision a sweep superseded) does not replace the newer one.
    const older = (await outbox(UplinkKinds.authorisation))[1];
    await ds.transaction((tx) => projectCountyAccess(tx, [{
      community: home.jurisdictionCode, seq: 9_999, kind: UplinkKinds.authorisation, deviceCode: older.deviceCode, deviceSeq: 2, ts: Date.now(), receivedAt: Date.now(), data: older.data,
    }]));
    expect((await h.call(A.access.countyAuthorisations, {}, TREE.yiyang, ROLES.official)).items[0]).toMatchObject({ revision: 3, status: "revoked" });
    // Residents do not read what the county received.
    await expect(h.call(A.access.countyAuthorisations, {}, TREE.yiyang, ROLES.resident)).rejects.toMatchObject({ type: "YIYANG_FORBIDDEN" });
  });
});

/**
 * Access events (通行记录) from the access-control platform: batches stored once per vendor id,
 * per-event coded rejections, credentials matched to the authorisation in force when the event
 * occurred, masked answers, the sweep by id, and who may post and read them.
 */
import { describe, expect, it } from "vitest";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { CommunityActions as A, CommunityEvents, type AccessRecordedEvent } from "../src/actions.js";
import { TREE, communityInput, registerDevices, rejectionOf, useCommunityHost } from "./helpers.js";

const PLATFORM = ["access-platform"];
const POLICE = ["community-police"];
const PROPERTY = ["property-operator"];
const T0 = Date.UTC(2026, 5, 1, 8, 0, 0);

describe.each(testDbKinds())("access events on %s", (kind) => {
  const h = useCommunityHost(kind);
  let seq = 0;

  /** A Hefei community with a gate (device registered at its node) and a Tongling one with its own gate. */
  async function setup() {
    seq += 1;
    const c = await h.call(A.communities.create, communityInput(`通行小区${seq}`));
    const tl = await h.call(A.communities.create, communityInput(`铜陵通行小区${seq}`, { streetCode: TREE.tgStreet }), TREE.tongling);
    await registerDevices(h.host, [{ code: `GATE-${kind}-${seq}`, jurisdiction: c.jurisdictionCode }, { code: `TLGATE-${kind}-${seq}`, jurisdiction: tl.jurisdictionCode }]);
    const gate = await h.call(A.accessPoints.create, { communityId: c.id, name: "南门", kind: "pedestrian-gate", credentials: ["face", "card"], deviceCode: `GATE-${kind}-${seq}` });
    const tlGate = await h.call(A.accessPoints.create, { communityId: tl.id, name: "铜陵南门", kind: "pedestrian-gate", credentials: ["card"] }, TREE.tongling);
    return { c, tl, gate, tlGate, device: `GATE-${kind}-${seq}` };
  }

  const count = async (communityId: number) =>
    Number((await h.host.ds.query("SELECT COUNT(*) AS n FROM community_access_event WHERE community_id = ?", [communityId]))[0].n);

  it("stores a batch once: duplicates counted, unknown and other jurisdictions' access points rejected by code, credentials matched to authorisations", async () => {
    const { c, gate, tlGate, device } = await setup();
    const active = await h.call(A.authorisations.grant, {
      communityId: c.id, holderName: "张三", subject: "person", credential: "card", credentialRef: "04-A1-B2-C3", validFrom: new Date(T0 - 86_400_000).toISOString(),
    });
    const revoked = await h.call(A.authorisations.grant, { communityId: c.id, holderName: "李四", subject: "person", credential: "card", credentialRef: "99887766", validFrom: new Date(T0 - 86_400_000).toISOString() });
    const revokedAt = Date.parse((await h.call(A.authorisations.revoke, { id: revoked.id })).revokedAt);
    const received: AccessRecordedEvent[] = [];
    h.host.broker.createService({ name: `access-listener-${kind}-${seq}`, events: { [CommunityEvents.accessRecorded]: (ctx: { params: AccessRecordedEvent }) => { received.push(ctx.params); } } });

    const now = Date.now();
    const result = await h.call(A.accessEvents.record, {
      communityId: c.id,
      events: [
        { sourceEventId: "E1", occurredAt: now - 60_000, accessPointId: gate.id, direction: "in", method: "card", outcome: "granted", credentialRef: "04a1b2c3" },
        { sourceEventId: "E2", occurredAt: now, accessPointId: gate.id, direction: "in", method: "card", outcome: "denied", credentialRef: "9988 7766" },
        { sourceEventId: "E1", occurredAt: now - 60_000, accessPointId: gate.id, method: "card", outcome: "granted" },
        { sourceEventId: "E3", occurredAt: now - 40_000, accessPointId: 999_999, method: "face", outcome: "granted" },
        { sourceEventId: "E4", occurredAt: now - 30_000, accessPointId: tlGate.id, method: "card", outcome: "granted" },
        { sourceEventId: "E5", occurredAt: now - 20_000, kind: "capture", method: "none", outcome: "forced", captureRef: "https://nvr.local/snap/5.jpg" },
        { sourceEventId: "E6", occurredAt: now, method: "retina", outcome: "granted" },
        { sourceEventId: "E7", occurredAt: now, outcome: "granted", captureRef: "data:image/jpeg;base64,/9j/4AAQ" },
        // Delivered late: it happened while the revoked card was still valid.
        { sourceEventId: "E8", occurredAt: revokedAt - 5_000, accessPointId: gate.id, method: "card", outcome: "granted", credentialRef: "99887766" },
      ],
    }, TREE.hefei, PLATFORM);
    expect(result).toMatchObject({ accepted: 4, duplicates: 1 });
    expect(result.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [3, "COMMUNITY_ACCESS_POINT_NOT_FOUND"], [4, "COMMUNITY_ACCESS_POINT_NOT_FOUND"], [6, "COMMUNITY_ACCESS_EVENT_INVALID"], [7, "COMMUNITY_CAPTURE_NOT_A_REFERENCE"],
    ]);
    // Another jurisdiction's access point reads exactly like one that does not exist.
    expect(result.rejected[1].message.replace(String(tlGate.id), "#")).toBe(result.rejected[0].message.replace("999999", "#"));
    expect(await count(c.id)).toBe(4);

    const list = await h.call(A.accessEvents.list, { communityId: c.id }, TREE.hefei, POLICE);
    const bySource = Object.fromEntries(list.items.map((e: { sourceEventId: string }) => [e.sourceEventId, e]));
    // The card of an authorisation in force: a registered resident; the device comes from the access point.
    expect(bySource.E1).toMatchObject({ registered: true, authorisationId: active.id, deviceCode: device, credentialRef: "****B2C3", communityName: c.name, accessPointName: gate.name });
    // A revoked authorisation's card is not a resident's any more.
    expect(bySource.E2).toMatchObject({ registered: false, authorisationId: null });
    expect(bySource.E8).toMatchObject({ registered: true, authorisationId: revoked.id });
    expect(bySource.E5).toMatchObject({ kind: "capture", outcome: "forced", deviceCode: null, accessPointId: null, captureRef: "https://nvr.local/snap/5.jpg", registered: false });
    // H11: the credential is encrypted at rest.
    const raw = await h.host.ds.query("SELECT credential_ref FROM community_access_event WHERE community_id = ? AND source_event_id = 'E1'", [c.id]);
    expect(String(raw[0].credential_ref)).toMatch(/^v1:/);

    await waitFor("access recorded event", () => received.length > 0);
    expect(received[0]).toEqual({ communityId: c.id, jurisdictionCode: c.jurisdictionCode, ids: [...result.ids].sort((a, b) => a - b) });

    // Re-sending the whole batch stores nothing new and announces nothing.
    const again = await h.call(A.accessEvents.record, { communityId: c.id, events: [{ sourceEventId: "E1", occurredAt: now - 60_000, outcome: "granted" }, { sourceEventId: "E5", occurredAt: now, outcome: "forced" }] }, TREE.hefei, PLATFORM);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, rejected: [], ids: [] });
    expect(await count(c.id)).toBe(4);
  });

  it("a batch for another jurisdiction's community is not found, and nothing is written", async () => {
    const { tl } = await setup();
    const err = await rejectionOf(h.call(A.accessEvents.record, { communityId: tl.id, events: [{ sourceEventId: "X1", occurredAt: Date.now(), outcome: "granted" }] }, TREE.hefei, PLATFORM));
    expect(err).toMatchObject({ code: 404 });
    expect(await count(tl.id)).toBe(0);
    // A device code not registered at the community's node is refused by code.
    const { c } = await setup();
    const r = await h.call(A.accessEvents.record, { communityId: c.id, events: [{ sourceEventId: "D1", occurredAt: Date.now(), deviceCode: `TLGATE-${kind}-${seq}`, outcome: "granted" }] }, TREE.hefei, PLATFORM);
    expect(r.rejected).toMatchObject([{ index: 0, code: "COMMUNITY_DEVICE_NOT_REGISTERED" }]);
    await expect(h.call(A.accessEvents.record, { communityId: c.id, events: [] }, TREE.hefei, PLATFORM)).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ sourceEventId: `M${i}`, occurredAt: Date.now(), outcome: "granted" }));
    await expect(h.call(A.accessEvents.record, { communityId: c.id, events: tooMany }, TREE.hefei, PLATFORM)).rejects.toMatchObject({ type: "VALIDATION_FAILED" });
    expect(await count(c.id)).toBe(0);
  });

  it("500 events in one call, then the sweep pages them by id in the caller's subtree", async () => {
    const { c, tl } = await setup();
    const now = Date.now();
    const events = Array.from({ length: 500 }, (_, i) => ({ sourceEventId: `B${i}`, occurredAt: now - i, outcome: i % 2 ? "granted" : "denied", method: "card", credentialRef: `CARD${i}` }));
    const r = await h.call(A.accessEvents.record, { communityId: c.id, events }, TREE.hefei, PLATFORM);
    expect(r).toMatchObject({ accepted: 500, duplicates: 0, rejected: [] });
    await h.call(A.accessEvents.record, { communityId: tl.id, events: [{ sourceEventId: "T1", occurredAt: now, outcome: "granted" }] }, TREE.tongling, PLATFORM);
    const first = await h.call(A.accessEvents.since, { afterId: r.ids[0] - 1, limit: 300 }, TREE.hefei, POLICE);
    expect(first.items.map((e: { id: number }) => e.id)).toEqual(r.ids.slice(0, 300));
    const rest = await h.call(A.accessEvents.since, { afterId: first.lastId, limit: 1000 }, TREE.hefei, POLICE);
    // Hefei's sweep never sees Tongling's event.
    expect(rest.items.map((e: { id: number }) => e.id)).toEqual(r.ids.slice(300));
    expect(rest.items.every((e: { jurisdictionCode: string }) => e.jurisdictionCode === c.jurisdictionCode)).toBe(true);
    const one = await h.call(A.accessEvents.get, { id: r.ids[0] }, TREE.hefei, POLICE);
    expect(one).toMatchObject({ communityId: c.id, credentialRef: "****" });
    await expect(h.call(A.accessEvents.get, { id: r.ids[0] }, TREE.tongling, POLICE)).rejects.toMatchObject({ code: 404 });
    const denied = await h.call(A.accessEvents.list, { communityId: c.id, outcome: "denied", pageSize: 100 }, TREE.hefei, PROPERTY);
    expect(denied.total).toBe(250);
  });

  it("only the platform's account (or a system administrator) may post events; police and the property company read them", async () => {
    const { c } = await setup();
    const batch = { communityId: c.id, events: [{ sourceEventId: "P1", occurredAt: Date.now(), outcome: "granted" }] };
    for (const roles of [POLICE, PROPERTY]) {
      await expect(h.call(A.accessEvents.record, batch, TREE.hefei, roles)).rejects.toMatchObject({ type: "COMMUNITY_FORBIDDEN", code: 403 });
    }
    await expect(h.call(A.accessEvents.list, { communityId: c.id }, TREE.hefei, PLATFORM)).rejects.toMatchObject({ type: "COMMUNITY_FORBIDDEN" });
    expect((await h.call(A.accessEvents.record, batch)).accepted).toBe(1);
    expect((await h.call(A.accessEvents.list, { communityId: c.id }, TREE.hefei, PROPERTY)).total).toBe(1);
  });
});

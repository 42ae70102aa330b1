/**
 * Y4: intrusion of outside persons and vehicles from access events, ingested through the
 * community plugin's `community.accessEvents.record` (as the access-control platform sends
 * them). A forced passage is an intrusion; three denials of unregistered credentials at one
 * access point within five minutes are an intrusion attempt. Both enter Yiyang's handling flow —
 * on the device platform when the event names a registered device, as Yiyang's own record when
 * it does not (never dropped) — and each access event goes to the county once (Y2).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { YiyangActions as A } from "../src/actions.js";
import { UplinkKinds } from "../src/constants.js";
import { handleAccessRecorded, sweepAccess } from "../src/services/access.service.js";
import { community, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

interface HandlingItem { id: number; alarmId: string; deviceCode: string; ruleId: string; severity: string; stage: string; title: string }

describe.each(testDbKinds())("Y4 intrusion from access events on %s", (kind) => {
  // The access-controller sample driver: the gate's controller is a registered device of category access-controller.
  const h = useAlarmHost(kind, ["driver-access-json"]);
  let home: { id: number; jurisdictionCode: string };
  let gate: { id: number };
  let door: { id: number };
  let seq = 0;
  const t0 = Date.now() - 3600_000;
  const police = (action: string, params: Record<string, unknown>) => h.call(action, params, home.jurisdictionCode, ROLES.police, "police-4");
  /** Through the community plugin, as the access-control platform's account would. */
  const record = (events: Array<Record<string, unknown>>) => h.system<{ accepted: number; ids: number[] }>(C.accessEvents.record, {
    communityId: home.id, events: events.map((e) => ({ sourceEventId: `EV-${kind}-${++seq}`, kind: "passage", subject: "person", ...e })),
  }, home.jurisdictionCode);
  const handling = async (): Promise<HandlingItem[]> => (await police(A.alarms.list, { pageSize: 100 })).items;
  const outbox = async (k: string) => ((await h.host.ds.query("SELECT device_code, data FROM anju_uplink_outbox WHERE kind = ? ORDER BY seq", [k])) as Array<{ device_code: string; data: string }>)
    .map((r) => ({ deviceCode: r.device_code, data: JSON.parse(r.data) }));

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "弋江花园" });
    await h.register("AC-Y4-01", home.jurisdictionCode, "access-controller", "driver-access-json");
    gate = await h.system(C.accessPoints.create, { communityId: home.id, name: "南门人行闸机", kind: "pedestrian-gate", credentials: ["face", "card"], deviceCode: "AC-Y4-01" }, TREE.yijiang);
    door = await h.system(C.accessPoints.create, { communityId: home.id, name: "3栋1单元门禁", kind: "unit-door", credentials: ["card"] }, TREE.yijiang);
  });

  it("Y4: a forced passage at a gate with a registered controller raises a major intrusion alarm on that device, handled like any device alarm", async () => {
    await record([{ accessPointId: gate.id, outcome: "forced", method: "none", occurredAt: t0, captureRef: "oss://yijiang/cap/0001.jpg" }]);
    const got = await waitFor("intrusion handling record", async () => (await handling()).find((r) => r.ruleId === "intrusion"), 20_000);
    expect(got).toMatchObject({ deviceCode: "AC-Y4-01", severity: "major", stage: "new", title: "非法闯入（强行通过）" });
    const alarm = await h.system<{ kind: string; status: string }>("devices.alarm", { id: got.alarmId }, home.jurisdictionCode);
    expect(alarm).toMatchObject({ kind: "event" });
    await police(A.alarms.acknowledge, { id: got.id });
    expect((await h.system<{ status: string }>("devices.alarm", { id: got.alarmId }, home.jurisdictionCode)).status).toBe("acknowledged");
  });

  it("Y4: three denials of unregistered credentials within five minutes are an intrusion attempt; two are not, nor denials spread wider", async () => {
    const denied = (at: number, extra: Record<string, unknown> = {}) => ({ accessPointId: gate.id, outcome: "denied", method: "card", credentialRef: `CARD-${seq}`, occurredAt: at, ...extra });
    await record([denied(t0 + 60_000), denied(t0 + 120_000)]);
    // Spread over more than five minutes from the first: still two in any window.
    await record([denied(t0 + 60_000 + 6 * 60_000)]);
    await waitFor("three access events processed", async () => ((await outbox(UplinkKinds.accessEvent)).length === 4 ? true : undefined), 20_000);
    expect((await handling()).filter((r) => r.ruleId === "intrusion-attempt")).toEqual([]);
    await record([denied(t0 + 60_000 + 7 * 60_000), denied(t0 + 60_000 + 8 * 60_000)]);
    const attempt = await waitFor("intrusion attempt", async () => (await handling()).find((r) => r.ruleId === "intrusion-attempt"), 20_000);
    expect(attempt).toMatchObject({ deviceCode: "AC-Y4-01", severity: "minor" });
  });

  it("Y4: a forced unit door without a device is not dropped: Yiyang's own record goes acknowledge → dispatch → on-site result → close, and up to the county", async () => {
    await record([{ accessPointId: door.id, outcome: "forced", occurredAt: t0 + 30 * 60_000 }]);
    const own = await waitFor("own intrusion record", async () => (await handling()).find((r) => r.alarmId.startsWith("intrusion-")), 20_000);
    expect(own).toMatchObject({ ruleId: "intrusion", severity: "major", deviceCode: "" });
    const board = await police(A.alarms.board, { communityId: home.id });
    expect(board.intrusions).toEqual([expect.objectContaining({ alarmId: own.alarmId, stage: "new" })]);
    await police(A.alarms.acknowledge, { id: own.id });
    await police(A.alarms.dispatch, { id: own.id, dispatchedTo: "物业保安" });
    await police(A.alarms.result, { id: own.id, resultText: "外来人员尾随进入，已劝离", verdict: "real", hazardRemoved: true });
    const closed = await police(A.alarms.close, { id: own.id });
    expect(closed.stage).toBe("closed");
    const up = (await outbox(UplinkKinds.alarmClosed)).filter((r) => r.data.alarmId === own.alarmId);
    expect(up).toEqual([{ deviceCode: `community-node-${home.jurisdictionCode}`, data: expect.objectContaining({ ruleId: "intrusion", verdict: "real" }) }]);
    expect((await outbox(UplinkKinds.alarmRaised)).filter((r) => r.data.alarmId === own.alarmId)).toHaveLength(1);
  });

  it("Y4/Y2: an event whose notice never reached Yiyang is caught by the sweep; each access event is processed and sent up once however often it comes", async () => {
    const before = (await outbox(UplinkKinds.accessEvent)).length;
    // Stored by the community plugin, but its `community.access.recorded` lost (a crash in between).
    await h.host.ds.query(
      `INSERT INTO community_access_event (jurisdiction_code, community_id, access_point_id, device_code, kind, subject, direction, method, outcome,
        credential_ref, credential_ref_bidx, authorisation_id, registered, capture_ref, source_event_id, occurred_at, received_at)
       VALUES (?, ?, ?, NULL, 'capture', 'vehicle', 'in', 'plate', 'forced', NULL, NULL, NULL, ?, 'oss://yijiang/cap/lost.jpg', ?, ?, ?)`,
      [home.jurisdictionCode, home.id, door.id, false, `LOST-${kind}`, t0 + 40 * 60_000, Date.now()]);
    const first = await sweepAccess(h.host.broker);
    const second = await sweepAccess(h.host.broker);
    expect([first.accessEvents, second.accessEvents]).toEqual([1, 0]);
    const sent = await outbox(UplinkKinds.accessEvent);
    expect(sent).toHaveLength(before + 1);
    const lost = sent.at(-1)!;
    expect(lost.data).toMatchObject({ kind: "capture", outcome: "forced", captureRef: "oss://yijiang/cap/lost.jpg", registered: false });
    expect(lost.data).not.toHaveProperty("credentialRef");
    // The same notice again, twice at once: nothing more.
    const ids = sent.map((r) => Number(r.data.id));
    await Promise.all([1, 2].map(() => handleAccessRecorded(h.host.broker, { communityId: home.id, jurisdictionCode: home.jurisdictionCode, ids })));
    expect(await outbox(UplinkKinds.accessEvent)).toHaveLength(before + 1);
    expect(new Set(ids).size).toBe(ids.length);
    // The forced capture at the unit door, while the earlier one there is closed: a new own record.
    expect((await handling()).filter((r) => r.alarmId.startsWith("intrusion-") && r.stage === "new")).toHaveLength(1);
  });
});

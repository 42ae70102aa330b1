/**
 * Y2: a community node sends the county its alarms (raised, and closed with the handling
 * times) and its devices' machine codes through @anju/uplink's outbox — each exactly once,
 * however often the event arrives and whatever the catch-up sweep finds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@anju/kernel";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import type { AlarmEvent } from "@anju/devices";
import { YiyangActions as A } from "../src/actions.js";
import { UplinkKinds } from "../src/constants.js";
import { handleAlarmEvent, sweepUplink } from "../src/services/alarms.service.js";
import { projectCountyAlarms } from "../src/alarms/county.js";
import { applyMessages, migrateInbox, pendingRows, subtreeOf } from "@anju/uplink";
// The relay's own packing: the county gets exactly the bytes a relay would publish.
import { packRows, patchSentAt } from "../../../core/uplink/src/relay.js";
import { community, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

describe.each(testDbKinds())("Y2 uplink of alarms and device codes on %s", (kind) => {
  const h = useAlarmHost(kind);
  let home: { id: number; jurisdictionCode: string };
  let outside: { id: number; jurisdictionCode: string };
  let alarmId: string;

  /** Outbox rows of a kind, with their data. */
  const outbox = async (k: string) => ((await h.host.ds.query("SELECT device_code, data FROM anju_uplink_outbox WHERE kind = ? ORDER BY seq", [k])) as Array<{ device_code: string; data: string }>)
    .map((r) => ({ deviceCode: r.device_code, data: JSON.parse(r.data) }));
  const raisedEvent = async (id: string): Promise<AlarmEvent> => {
    const alarm = await h.host.call<AlarmEvent["alarm"]>("devices.alarm", { id }, systemContext());
    return { event: "raised", alarm, jurisdiction: alarm.jurisdiction, jurisdictionPath: "", by: "system", at: alarm.raisedAt };
  };
  const police = (action: string, params: Record<string, unknown>) => h.call(action, params, home.jurisdictionCode, ROLES.police, "police-1");

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
    // 余干县 has no Yiyang plugin: its alarms are not Yiyang's to send.
    outside = await community(h, TREE.yuganTown, { name: "玉亭小区" });
    await h.register("SD-Y2-01", home.jurisdictionCode);
    await h.register("SD-Y2-09", outside.jurisdictionCode);
  });

  it("Y2: a raised alarm is enqueued once, though its event comes three times at once and the sweep runs twice", async () => {
    await h.publish(home.jurisdictionCode, "SD-Y2-01", { ts: Math.floor(Date.now() / 1000), type: "alarm", smoke: true });
    const raised = await waitFor("raised alarm in the outbox", async () => {
      const rows = await outbox(UplinkKinds.alarmRaised);
      return rows.length ? rows : undefined;
    }, 20_000);
    alarmId = raised[0].data.alarmId;
    expect(raised).toEqual([{ deviceCode: "SD-Y2-01", data: expect.objectContaining({ alarmId, jurisdiction: home.jurisdictionCode, ruleId: "smoke", severity: "critical" }) }]);
    const again = await raisedEvent(alarmId);
    await Promise.all([1, 2, 3].map(() => handleAlarmEvent(h.host.broker, "devices.alarm.raised", again)));
    const first = await sweepUplink(h.host.broker);
    const second = await sweepUplink(h.host.broker);
    expect(first.raised + second.raised).toBe(0);
    expect(await outbox(UplinkKinds.alarmRaised)).toHaveLength(1);
    expect((await police(A.alarms.list, {})).total).toBe(1);
  });

  it("Y2: device machine codes go up once, only those of communities where the plugin is enabled", async () => {
    await sweepUplink(h.host.broker);
    await sweepUplink(h.host.broker);
    expect((await outbox(UplinkKinds.device)).map((r) => [r.deviceCode, r.data.profile, r.data.jurisdiction])).toEqual([["SD-Y2-01", "smoke-detector", home.jurisdictionCode]]);
  });

  it("Y2: an alarm committed without its event reaching the plugin (a crash in between) is caught up by the sweep, once", async () => {
    // The device platform's row as its pipeline writes it, but no event: the node died after the commit.
    await h.host.ds.query(
      `INSERT INTO anju_device_alarm (id, device_code, jurisdiction_code, rule_id, kind, severity, resource, title_zh, title_en, status, value_json, occurrences,
        raised_at, cleared_at, acknowledged_at, acknowledged_by, escalated_at, escalation_level, closed_at, closed_by, close_reason, open_key)
       VALUES ('00000000-0000-4000-8000-00000000y2c1', 'SD-Y2-01', ?, 'heat', 'duration', 'major', 'temperature', '温度过高', 'High temperature', 'open', '61', 1,
        ?, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 'SD-Y2-01|heat')`, [home.jurisdictionCode, Date.now()]);
    // And an alarm where the plugin is not enabled, also without its event.
    await h.host.ds.query(
      `INSERT INTO anju_device_alarm (id, device_code, jurisdiction_code, rule_id, kind, severity, resource, title_zh, title_en, status, value_json, occurrences,
        raised_at, cleared_at, acknowledged_at, acknowledged_by, escalated_at, escalation_level, closed_at, closed_by, close_reason, open_key)
       VALUES ('00000000-0000-4000-8000-00000000y2c9', 'SD-Y2-09', ?, 'smoke', 'threshold', 'critical', 'smoke', '烟雾报警', 'Smoke detected', 'open', 'true', 1,
        ?, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 'SD-Y2-09|smoke')`, [outside.jurisdictionCode, Date.now()]);
    const first = await sweepUplink(h.host.broker);
    const second = await sweepUplink(h.host.broker);
    expect([first.raised, second.raised]).toEqual([1, 0]);
    expect((await outbox(UplinkKinds.alarmRaised)).map((r) => r.data.ruleId)).toEqual(["smoke", "heat"]);
    // The sweep also opened its handling record.
    expect((await police(A.alarms.list, {})).items.map((r: { ruleId: string; stage: string }) => [r.ruleId, r.stage]).sort()).toEqual([["heat", "new"], ["smoke", "new"]]);
  });

  it("Y2: a closed alarm goes up once with its handling times, committed with the close; sweeps add nothing", async () => {
    const record = (await police(A.alarms.list, { deviceCode: "SD-Y2-01" })).items.find((r: { alarmId: string }) => r.alarmId === alarmId);
    const raisedAt = Date.parse(record.raisedAt);
    const at = (s: number) => h.at(new Date(raisedAt + s * 1000));
    at(30); await police(A.alarms.acknowledge, { id: record.id });
    at(60); await police(A.alarms.dispatch, { id: record.id, dispatchedTo: "物业保安" });
    at(200); await police(A.alarms.result, { id: record.id, resultText: "厨房冒烟，无明火", verdict: "false-alarm", hazardRemoved: true });
    expect(await outbox(UplinkKinds.alarmClosed)).toEqual([]);
    at(240); await police(A.alarms.close, { id: record.id });
    await sweepUplink(h.host.broker);
    await sweepUplink(h.host.broker);
    await handleAlarmEvent(h.host.broker, "devices.alarm.closed", { ...(await raisedEvent(alarmId)), event: "closed" });
    const closed = await outbox(UplinkKinds.alarmClosed);
    expect(closed).toHaveLength(1);
    expect(closed[0].data).toMatchObject({
      alarmId, raisedAt, acknowledgedAt: raisedAt + 30_000, dispatchedAt: raisedAt + 60_000, resultAt: raisedAt + 200_000, closedAt: raisedAt + 240_000,
      verdict: "false-alarm", hazardRemoved: true,
    });
    expect(await outbox(UplinkKinds.alarmRaised)).toHaveLength(2);
    expect(await outbox(UplinkKinds.device)).toHaveLength(1);
  });

  it("Y2: on the county, onRecords keeps each received alarm once (raised, and closed with its handling times), also when the messages come twice", async () => {
    const ds = h.host.ds;
    await migrateInbox(ds);
    const policy = { countyCode: TREE.yiyang, inSubtree: subtreeOf([home.jurisdictionCode]), skewThresholdMs: 5000, onRecords: projectCountyAlarms };
    const packed = packRows(TREE.yiyang, home.jurisdictionCode, await pendingRows(ds, 1000), { recordsPerMessage: 200, maxMessageBytes: 512 * 1024 });
    let streamSeq = 0;
    const inbound = () => packed.map((m) => ({ subject: m.subject, data: patchSentAt(m.body, Date.now()), streamSeq: ++streamSeq, storedAt: Date.now() }));
    const first = await ds.transaction((tx) => applyMessages(tx, policy, inbound()));
    const again = await ds.transaction((tx) => applyMessages(tx, policy, inbound()));
    expect(first.stored).toBe(4);
    expect(again).toMatchObject({ stored: 0, duplicates: 4 });
    const county = await h.call(A.alarms.county, {}, TREE.yiyang, ROLES.official);
    expect(county.items.map((a: { event: string; ruleId: string }) => `${a.event}:${a.ruleId}`).sort()).toEqual(["closed:smoke", "raised:heat", "raised:smoke"]);
    const closed = county.items.find((a: { event: string }) => a.event === "closed");
    expect(closed).toMatchObject({ alarmId, communityCode: home.jurisdictionCode, jurisdictionCode: home.jurisdictionCode, verdict: "false-alarm", hazardRemoved: true });
    expect(closed.closedAt).toBe(new Date(Date.parse(closed.raisedAt) + 240_000).toISOString());
    // Another town's official sees none of it.
    expect((await h.call(A.alarms.county, {}, TREE.dieshan, ROLES.official)).total).toBe(0);
    expect((await h.call(A.alarms.county, {}, TREE.yijiang, ROLES.official)).total).toBe(3);
  });

  it("Y2: a node of another town cannot file alarms as this community (kept in the inbox, not projected)", async () => {
    const ds = h.host.ds;
    await migrateInbox(ds);
    const before = (await h.call(A.alarms.county, {}, TREE.yiyang, ROLES.official)).total;
    // The same records, but sent by 叠山镇's node: inside the county, not the alarms' community.
    const forged = packRows(TREE.yiyang, TREE.dieshan, await pendingRows(ds, 1000), { recordsPerMessage: 200, maxMessageBytes: 512 * 1024 });
    const policy = { countyCode: TREE.yiyang, inSubtree: subtreeOf([TREE.dieshan]), skewThresholdMs: 5000, onRecords: projectCountyAlarms };
    const result = await ds.transaction((tx) => applyMessages(tx, policy, forged.map((m, i) => ({ subject: m.subject, data: patchSentAt(m.body, Date.now()), streamSeq: 1000 + i, storedAt: Date.now() }))));
    expect(result.stored).toBeGreaterThan(0);
    expect((await h.call(A.alarms.county, {}, TREE.yiyang, ROLES.official)).total).toBe(before);
  });
});

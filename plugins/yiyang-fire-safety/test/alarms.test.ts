/**
 * Y3 alarm handling, driven by real alarms: a smoke detector registered at a community's node
 * publishes over MQTT, the sample driver decodes it in its own process, the device platform
 * raises the alarm, and the Yiyang plugin's handling list shows it. People walk it through
 * acknowledge → dispatch → on-site result → close; the statistics and the community board follow.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { YiyangActions as A, YiyangAudit } from "../src/actions.js";
import { community, rejectionOf, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

describe.each(testDbKinds())("Y3 alarm handling on %s", (kind) => {
  const h = useAlarmHost(kind);
  let home: { id: number; jurisdictionCode: string };
  let other: { id: number; jurisdictionCode: string };
  let record: { id: number; alarmId: string; raisedAt: string };
  const police = (action: string, params: Record<string, unknown>, at = home.jurisdictionCode) => h.call(action, params, at, ROLES.police, "police-1");
  const after = (seconds: number) => h.at(new Date(Date.parse(record.raisedAt) + seconds * 1000));

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
    other = await community(h, TREE.dieshan, { name: "叠山小区" });
    const building = await h.system<{ id: number }>(C.buildings.create, { communityId: home.id, name: "1栋", floors: 6 }, TREE.yijiang);
    await h.system(C.units.create, { buildingId: building.id, name: "1单元", households: 12 }, TREE.yijiang);
    await h.register("SD-Y3-01", home.jurisdictionCode);
    await h.register("SD-Y3-02", other.jurisdictionCode);
  });

  it("Y3: a smoke alarm published over MQTT arrives in the community's handling list, new and critical, and nowhere else", async () => {
    await h.publish(home.jurisdictionCode, "SD-Y3-01", { ts: Math.floor(Date.now() / 1000), type: "alarm", smoke: true, temp: 31 });
    const list = await waitFor("handling record", async () => {
      const got = await police(A.alarms.list, {});
      return got.total === 1 ? got : undefined;
    }, 20_000);
    expect(list.items[0]).toMatchObject({ deviceCode: "SD-Y3-01", ruleId: "smoke", severity: "critical", stage: "new", title: "烟雾报警", jurisdictionCode: home.jurisdictionCode });
    record = list.items[0];
    expect((await police(A.alarms.list, {}, other.jurisdictionCode)).total).toBe(0);
  });

  it("Y3: the board shows the community's buildings and units, the device in alarm with its open alarm", async () => {
    const board = await police(A.alarms.board, { communityId: home.id });
    expect(board.buildings).toEqual([expect.objectContaining({ name: "1栋", units: [expect.objectContaining({ name: "1单元" })] })]);
    expect(board.devices).toEqual([expect.objectContaining({ code: "SD-Y3-01", state: "online", status: "alarm", openAlarms: [expect.objectContaining({ ruleId: "smoke", stage: "new", handlingId: record.id })] })]);
    expect(board.summary).toMatchObject({ devices: 1, withOpenAlarms: 1 });
    expect((await rejectionOf(police(A.alarms.board, { communityId: home.id }, other.jurisdictionCode))).status).toBe(404);
  });

  it("Y3: steps out of order are refused with a code; another community's record is not found", async () => {
    for (const [action, params] of [[A.alarms.dispatch, { dispatchedTo: "保安" }], [A.alarms.result, { resultText: "x", verdict: "real", hazardRemoved: true }], [A.alarms.close, {}]] as const) {
      const err = await rejectionOf(police(action, { id: record.id, ...params }));
      expect(err).toMatchObject({ type: "YIYANG_ALARM_STEP_OUT_OF_ORDER", status: 409 });
    }
    expect((await rejectionOf(police(A.alarms.get, { id: record.id }, other.jurisdictionCode))).status).toBe(404);
    expect((await rejectionOf(police(A.alarms.acknowledge, { id: record.id }, other.jurisdictionCode))).status).toBe(404);
    expect((await rejectionOf(h.call(A.alarms.acknowledge, { id: record.id }, home.jurisdictionCode, ROLES.official))).type).toBe("YIYANG_FORBIDDEN");
    expect((await police(A.alarms.get, { id: record.id })).stage).toBe("new");
  });

  it("Y3: acknowledge → dispatch → on-site result → close, each with time and user, audited; the device platform's alarm is acknowledged and closed too", async () => {
    after(45);
    const acked = await police(A.alarms.acknowledge, { id: record.id });
    expect(acked).toMatchObject({ stage: "acknowledged", acknowledgedBy: "police-1", ackSeconds: 45 });
    const again = await rejectionOf(police(A.alarms.acknowledge, { id: record.id }));
    expect(again.type).toBe("YIYANG_ALARM_STEP_OUT_OF_ORDER");
    await waitFor("device alarm acknowledged", async () => (await h.host.ds.query("SELECT status FROM anju_device_alarm WHERE id = ?", [record.alarmId]))[0]?.status === "acknowledged");
    after(90);
    expect(await police(A.alarms.dispatch, { id: record.id, dispatchedTo: "物业保安 张三、微型消防站" })).toMatchObject({ stage: "dispatched", dispatchedTo: "物业保安 张三、微型消防站", dispatchedBy: "police-1" });
    after(300);
    const result = await h.call(A.alarms.result, { id: record.id, resultText: "厨房油锅起火，已用灭火毯扑灭", verdict: "real", hazardRemoved: true }, home.jurisdictionCode, ROLES.property, "property-1");
    expect(result).toMatchObject({ stage: "resolved", verdict: "real", hazardRemoved: true, resultBy: "property-1" });
    after(600);
    const closed = await police(A.alarms.close, { id: record.id });
    expect(closed).toMatchObject({ stage: "closed", closedBy: "police-1", closeSeconds: 600 });
    expect(closed.closedAt).toBe(new Date(Date.parse(record.raisedAt) + 600_000).toISOString());
    await waitFor("device alarm closed", async () => (await h.host.ds.query("SELECT status FROM anju_device_alarm WHERE id = ?", [record.alarmId]))[0]?.status === "closed");
    const steps = h.audit.filter((e) => e.object === String(record.id) && e.action.startsWith("yiyang-fire-safety.alarm."));
    expect(steps.map((e) => [e.action, e.userId])).toEqual([
      [YiyangAudit.alarmAcknowledge, "police-1"], [YiyangAudit.alarmDispatch, "police-1"], [YiyangAudit.alarmResult, "property-1"], [YiyangAudit.alarmClose, "police-1"],
    ]);
    expect(steps.every((e) => e.jurisdiction === home.jurisdictionCode)).toBe(true);
    expect((await police(A.alarms.list, { open: true })).total).toBe(0);
  });

  it("Y3: statistics per community and for the county: time to acknowledge and to close (average, p90), real and false alarms", async () => {
    // A second alarm in the other town, a false one, acknowledged after 2 minutes and closed after 5.
    await h.publish(other.jurisdictionCode, "SD-Y3-02", { ts: Math.floor(Date.now() / 1000), type: "alarm", smoke: true });
    const second = await waitFor("second record", async () => (await police(A.alarms.list, {}, other.jurisdictionCode)).items[0]);
    const at = (s: number) => h.at(new Date(Date.parse(second.raisedAt) + s * 1000));
    const act = (action: string, params: Record<string, unknown> = {}) => police(action, { id: second.id, ...params }, other.jurisdictionCode);
    at(120); await act(A.alarms.acknowledge);
    at(150); await act(A.alarms.dispatch, { dispatchedTo: "网格员 李四" });
    at(240); await act(A.alarms.result, { resultText: "蒸汽误报", verdict: "false-alarm", hazardRemoved: false });
    at(300); await act(A.alarms.close);

    const stats = await h.call(A.alarms.stats, {}, TREE.yiyang, ROLES.official);
    expect(stats).toMatchObject({ jurisdictionCode: TREE.yiyang, name: "弋阳县", alarms: 2, closed: 2, realAlarms: 1, falseAlarms: 1, hazardRemoved: 1, ackAvgSeconds: 82.5, ackP90Seconds: 120, closeAvgSeconds: 450, closeP90Seconds: 600 });
    const byName = Object.fromEntries(stats.items.map((g: { name: string; ackAvgSeconds: number; closeAvgSeconds: number }) => [g.name, [g.ackAvgSeconds, g.closeAvgSeconds]]));
    expect(byName).toEqual({ 志敏花园: [45, 600], 叠山小区: [120, 300] });
    // A community sees only its own.
    expect(await police(A.alarms.stats, {})).toMatchObject({ alarms: 1, ackAvgSeconds: 45 });
  });
});

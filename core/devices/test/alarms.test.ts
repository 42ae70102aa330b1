/**
 * Alarms from readings: one open alarm per device and rule, acknowledged and closed by people
 * (who and when, audited), closed by the system once cleared after acknowledgement, escalated
 * when nobody acknowledges in time; every change is an event, and the live stream carries an
 * alarm to its jurisdiction's subtree and nowhere else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "moleculer";
import type { AlarmEvent } from "../src/index.js";
import { testDbKinds } from "@anju/kernel/testing";
import { C, openAlarmStream, registerDevice, startDevicesNode, telemetry, topicOf, waitFor, type DevicesNode, type StreamClient, type Publisher } from "./helpers.js";

interface AlarmRow { id: string; status: string; acknowledged_by: string | null; closed_by: string | null; escalation_level: number | string; cleared_at: unknown; occurrences: number | string }

describe.each(testDbKinds())("alarms (%s)", (kind) => {
  let node: DevicesNode;
  let pub: Publisher;
  const events: Array<{ name: string; jurisdiction: string; status: string }> = [];
  beforeAll(async () => {
    // Escalation after 400 ms so the suite can see it; the sweep runs every 100 ms.
    node = await startDevicesNode(kind, { limits: { escalateAfterMs: 400, sweepMs: 100 } });
    // A consumer like a work-order plugin: it hears every alarm change with its jurisdiction.
    node.n.host.broker.createService({
      name: "alarm-listener",
      events: {
        "devices.alarm.*"(ctx: Context<AlarmEvent>) {
          events.push({ name: ctx.eventName ?? "", jurisdiction: ctx.params.jurisdiction, status: ctx.params.alarm.status });
        },
      },
    });
    await registerDevice(node, "HP-1");
    await registerDevice(node, "HP-2");
    await registerDevice(node, "TG-1", C.tgCommunity);
    pub = await node.publisher();
  }, 60_000);
  afterAll(async () => { await node?.close(); });

  const alarmsOf = (device: string, rule = "low-pressure"): Promise<AlarmRow[]> =>
    node.n.host.ds.query("SELECT id, status, acknowledged_by, closed_by, escalation_level, cleared_at, occurrences FROM anju_device_alarm WHERE device_code = ? AND rule_id = ? ORDER BY raised_at", [device, rule]);

  it("a low pressure raises one alarm; the stream shows it in its community, not in Tongling", async () => {
    const own = await openAlarmStream(node, "operator");
    const county = await openAlarmStream(node, "admin");
    const other = await openAlarmStream(node, "tlOperator");
    try {
      expect(own.status).toBe(200);
      await pub.publishAsync(topicOf(C.yhCommunity, "HP-1"), telemetry({ pressure: 0.05 }, Date.now() - 2000));
      await pub.publishAsync(topicOf(C.yhCommunity, "HP-1"), telemetry({ pressure: 0.04 }, Date.now() - 1000));
      await waitFor("operator sees the alarm", () => own.alarms.length >= 1);
      await waitFor("Hefei's admin sees it too", () => county.alarms.length >= 1);
      expect(own.alarms[0]).toMatchObject({ event: "raised", alarm: { deviceCode: "HP-1", ruleId: "low-pressure", status: "open" }, by: "system" });
      // Tongling's stream gets Tongling's alarm, and it is the first thing it gets.
      await pub.publishAsync(topicOf(C.tgCommunity, "TG-1"), telemetry({ pressure: 0.01 }));
      await waitFor("Tongling sees its own alarm", () => other.alarms.length >= 1);
      expect(other.alarms.map((a) => a.alarm.deviceCode)).toEqual(["TG-1"]);
      expect(own.alarms.map((a) => a.alarm.deviceCode)).not.toContain("TG-1");
    } finally {
      own.close(); county.close(); other.close();
    }
    await node.rt.drained();
    const rows = await alarmsOf("HP-1");
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].occurrences)).toBe(1);
    await waitFor("event raised with its jurisdiction", () => events.find((e) => e.name === "devices.alarm.raised" && e.jurisdiction === C.yhCommunity));
  });

  it("the operator acknowledges it; when the pressure recovers the system closes it", async () => {
    const [row] = await alarmsOf("HP-1");
    const acked = await node.api("operator", "POST", `/api/devices/alarms/${row.id}/acknowledge`);
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body).toMatchObject({ status: "acknowledged", acknowledgedBy: expect.any(String) });
    expect(await node.count("anju_audit", "action = 'devices.alarm.acknowledge' AND object = ? AND result = 'success'", [row.id])).toBe(1);
    await pub.publishAsync(topicOf(C.yhCommunity, "HP-1"), telemetry({ pressure: 0.2 }));
    const closed = await waitFor("closed after recovery", async () => (await alarmsOf("HP-1")).find((a) => a.status === "closed"));
    expect(closed.closed_by).toBe("system");
    expect(closed.cleared_at).not.toBeNull();
    // A second acknowledgement has nothing to act on.
    const again = await node.api("operator", "POST", `/api/devices/alarms/${row.id}/acknowledge`, undefined, "en");
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("ALARM_STATE_CONFLICT");
    expect(again.body.error.message).toBe("The alarm is closed and cannot be acknowledged");
    await waitFor("closed event", () => events.find((e) => e.name === "devices.alarm.closed"));
  });

  it("an alarm nobody acknowledges is escalated, and a person closes it with a reason", async () => {
    const stream = await openAlarmStream(node, "operator");
    try {
      await pub.publishAsync(topicOf(C.yhCommunity, "HP-2"), telemetry({ pressure: 0.02 }));
      const escalated = await waitFor("escalated", async () => (await alarmsOf("HP-2")).find((a) => a.status === "escalated"), 10_000);
      expect(Number(escalated.escalation_level)).toBeGreaterThanOrEqual(1);
      await waitFor("the stream shows the escalation", () => stream.alarms.find((a) => a.event === "escalated"));
      expect(await node.count("anju_audit", "action = 'devices.alarm.escalate' AND object = ?", [escalated.id])).toBeGreaterThanOrEqual(1);
      const closed = await node.api("operator", "POST", `/api/devices/alarms/${escalated.id}/close`, { reason: "现场检查：阀门已开启" });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      expect(closed.body).toMatchObject({ status: "closed", closeReason: "现场检查：阀门已开启" });
      await waitFor("the stream shows the close", () => stream.alarms.find((a) => a.event === "closed" && a.alarm.id === escalated.id));
      const audit = await node.n.host.ds.query("SELECT user_id, result FROM anju_audit WHERE action = 'devices.alarm.close' AND object = ?", [escalated.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].result).toBe("success");
    } finally {
      stream.close();
    }
  });

  it("another jurisdiction's alarm is not found, and a police officer may read but not handle alarms", async () => {
    const [tg] = await alarmsOf("TG-1");
    expect((await node.api("operator", "GET", `/api/devices/alarms/${tg.id}`)).status).toBe(404);
    expect((await node.api("operator", "POST", `/api/devices/alarms/${tg.id}/acknowledge`)).status).toBe(404);
    expect((await node.api("tlOperator", "GET", `/api/devices/alarms/${tg.id}`)).status).toBe(200);
    const listed = await node.api("police", "GET", "/api/devices/alarms?status=active");
    expect(listed.status).toBe(200);
    expect(listed.body.items.every((a: { jurisdiction: string }) => a.jurisdiction === C.yhCommunity)).toBe(true);
    const [hp2] = await alarmsOf("HP-2");
    expect((await node.api("police", "POST", `/api/devices/alarms/${hp2.id}/close`, { reason: "不该允许" })).status).toBe(403);
  });
});

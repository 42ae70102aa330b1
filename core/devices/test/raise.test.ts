/**
 * Alarms from events (#8, `devices.alarms.raise`): the same lifecycle as reading-driven alarms
 * — listed, on the live stream, a `devices.alarm.raised` event, acknowledged, escalated and
 * closed by people, audited — but never cleared by readings or the clock (offline rule).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "moleculer";
import { defineDriver, type DeviceProfile } from "@anju/sdk/driver";
import { testDbKinds } from "@anju/kernel/testing";
import type { AlarmEvent } from "../src/index.js";
import { jsonDriver, PROFILE } from "./fixtures/json-driver.js";
import { C, newDrivers, openAlarmStream, registerDevice, startDevicesNode, telemetry, topicOf, waitFor, type DevicesNode, type Publisher } from "./helpers.js";

// The test profile with an offline rule (1 s), so the sweep's clock-driven rules run against an event alarm.
const WATCHED = "driver-test-watched";
const watched: DeviceProfile = {
  ...PROFILE, id: "watched-sensor",
  alarmRules: [...PROFILE.alarmRules, { id: "offline", kind: "offline", resource: "*", severity: "minor", seconds: 1, title: { "zh-CN": "设备离线", en: "Device offline" } }],
};
const watchedDriver = defineDriver({ ...jsonDriver, id: "test-watched", profiles: [watched] });

const intrusion = (deviceCode: string, extra: Record<string, unknown> = {}) => ({
  deviceCode, ruleId: "intrusion", severity: "major", titleZh: "非法闯入", titleEn: "Intrusion", resource: "door", value: { outcome: "forced" }, ...extra,
});

describe.each(testDbKinds())("event alarms (%s)", (kind) => {
  let node: DevicesNode;
  let pub: Publisher;
  const events: Array<{ name: string; ruleId: string; kind: string; jurisdiction: string }> = [];
  beforeAll(async () => {
    node = await startDevicesNode(kind, { drivers: newDrivers().add(WATCHED, watchedDriver), limits: { escalateAfterMs: 400, sweepMs: 100, offlineAfterMs: 1000 } });
    node.n.host.broker.createService({
      name: "event-alarm-listener",
      events: {
        "devices.alarm.*"(ctx: Context<AlarmEvent>) {
          events.push({ name: ctx.eventName ?? "", ruleId: ctx.params.alarm.ruleId, kind: ctx.params.alarm.kind, jurisdiction: ctx.params.jurisdiction });
        },
      },
    });
    await registerDevice(node, "AC-1");
    await registerDevice(node, "AC-2");
    await registerDevice(node, "AC-TG", C.tgCommunity);
    const w = await node.api("operator", "POST", "/api/devices", { code: "AC-W", name: "门禁 W", driverPluginId: WATCHED, profileId: "watched-sensor" });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    pub = await node.publisher();
  }, 60_000);
  afterAll(async () => { await node?.close(); });

  const alarmRows = (device: string, rule: string): Promise<Array<{ id: string; status: string; kind: string; occurrences: number | string; cleared_at: unknown }>> =>
    node.n.host.ds.query("SELECT id, status, kind, occurrences, cleared_at FROM anju_device_alarm WHERE device_code = ? AND rule_id = ?", [device, rule]);

  it("a raise creates an open event alarm: listed, on the stream, announced and audited", async () => {
    const stream = await openAlarmStream(node, "operator");
    const other = await openAlarmStream(node, "tlOperator");
    try {
      const res = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-1"));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        created: true,
        alarm: { deviceCode: "AC-1", jurisdiction: C.yhCommunity, ruleId: "intrusion", kind: "event", severity: "major", status: "open", occurrences: 1,
          resource: "door", value: { outcome: "forced" }, title: { "zh-CN": "非法闯入", en: "Intrusion" }, clearedAt: null },
      });
      await waitFor("the stream shows it", () => stream.alarms.find((a) => a.event === "raised" && a.alarm.ruleId === "intrusion"));
      await waitFor("devices.alarm.raised is emitted", () => events.find((e) => e.name === "devices.alarm.raised" && e.ruleId === "intrusion" && e.kind === "event"));
      expect(other.alarms.map((a) => a.alarm.deviceCode)).not.toContain("AC-1");
      const listed = await node.api("operator", "GET", "/api/devices/alarms?status=active&deviceCode=AC-1");
      expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.alarm.id, kind: "event" })]);
      const audit = await node.n.host.ds.query("SELECT result, jurisdiction FROM anju_audit WHERE action = 'devices.alarm.raise' AND object = ?", [res.body.alarm.id]);
      expect(audit).toEqual([{ result: "success", jurisdiction: C.yhCommunity }]);
    } finally {
      stream.close(); other.close();
    }
  });

  it("raised again while open, it is the same alarm with one more occurrence", async () => {
    const again = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-1", { value: { outcome: "forced", door: 2 } }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, alarm: { occurrences: 2, value: { outcome: "forced", door: 2 } } });
    const rows = await alarmRows("AC-1", "intrusion");
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].occurrences)).toBe(2);
    expect(events.filter((e) => e.name === "devices.alarm.raised" && e.ruleId === "intrusion")).toHaveLength(1);
  });

  it("people acknowledge and close it; the next raise opens a new alarm", async () => {
    const [row] = await alarmRows("AC-1", "intrusion");
    const acked = await node.api("operator", "POST", `/api/devices/alarms/${row.id}/acknowledge`);
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body.status).toBe("acknowledged");
    const closed = await node.api("operator", "POST", `/api/devices/alarms/${row.id}/close`, { reason: "现场核实：住户忘带门卡" });
    expect(closed.body).toMatchObject({ status: "closed", closeReason: "现场核实：住户忘带门卡" });
    await waitFor("closed event", () => events.find((e) => e.name === "devices.alarm.closed" && e.ruleId === "intrusion"));
    const next = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-1"));
    expect(next.body).toMatchObject({ created: true, alarm: { status: "open", occurrences: 1 } });
    expect(next.body.alarm.id).not.toBe(row.id);
  });

  it("nobody acknowledging it, it is escalated like any alarm", async () => {
    const res = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-2", { severity: "critical", at: Date.now() - 1000 }));
    expect(res.status).toBe(200);
    const escalated = await waitFor("escalated", async () => (await alarmRows("AC-2", "intrusion")).find((a) => a.status === "escalated"), 10_000);
    // The audit row is written just after the escalation commits.
    await waitFor("escalation audited", async () => (await node.count("anju_audit", "action = 'devices.alarm.escalate' AND object = ?", [escalated.id])) >= 1);
  });

  it("another jurisdiction's device and an unknown device are not found; a police officer may not raise", async () => {
    const foreign = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-TG"));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("DEVICE_NOT_FOUND");
    const unknown = await node.api("operator", "POST", "/api/devices/alarms", intrusion("NO-SUCH-DEVICE"), "en");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "DEVICE_NOT_FOUND", message: "Unknown device: NO-SUCH-DEVICE" });
    expect((await node.api("police", "POST", "/api/devices/alarms", intrusion("AC-1"))).status).toBe(403);
    const bad = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-1", { ruleId: "Intrusion!", severity: "warning" }));
    expect(bad.status).toBe(422);
    expect(await node.count("anju_device_alarm", "device_code = 'AC-TG'")).toBe(0);
  });

  it("neither readings nor the offline rule clear an event alarm that shares the rule's id", async () => {
    // Event alarms on the rules the profile watches: the low-pressure threshold and the offline rule.
    for (const ruleId of ["low-pressure", "offline"]) {
      const res = await node.api("operator", "POST", "/api/devices/alarms", intrusion("AC-W", { ruleId }));
      expect(res.body.created).toBe(true);
    }
    // Low pressure, then recovery: the engine raises (one more occurrence) and then clears — the event alarm stays open.
    await pub.publishAsync(topicOf(C.yhCommunity, "AC-W"), telemetry({ pressure: 0.02 }, Date.now() - 500));
    // Generous waits: on a crowded CI machine the sweep and the offline tick run late, not wrong.
    await waitFor("engine raise counted on the event alarm", async () => Number((await alarmRows("AC-W", "low-pressure"))[0].occurrences) === 2, 30_000);
    await pub.publishAsync(topicOf(C.yhCommunity, "AC-W"), telemetry({ pressure: 0.3 }));
    await node.rt.drained();
    // Silent for longer than the offline rule and offlineAfterMs: the device goes offline and the offline rule fires.
    await waitFor("device offline", async () => (await node.api("operator", "GET", "/api/devices/AC-W")).body.state === "offline", 30_000);
    await waitFor("offline rule fired", async () => Number((await alarmRows("AC-W", "offline"))[0].occurrences) === 2, 30_000);
    // Back online: the offline rule clears on the next reading.
    await pub.publishAsync(topicOf(C.yhCommunity, "AC-W"), telemetry({ pressure: 0.3 }));
    await node.rt.drained();
    await waitFor("online again", async () => (await node.api("operator", "GET", "/api/devices/AC-W")).body.state === "online", 30_000);
    for (const ruleId of ["low-pressure", "offline"]) {
      const rows = await alarmRows("AC-W", ruleId);
      expect(rows, ruleId).toHaveLength(1);
      // Still waiting for a person (escalated meanwhile, as nobody acknowledged it), never cleared.
      expect(rows[0], ruleId).toMatchObject({ kind: "event", cleared_at: null });
      expect(["open", "escalated"], ruleId).toContain(rows[0].status);
    }
    expect(events.filter((e) => e.name === "devices.alarm.cleared" && e.kind === "event")).toEqual([]);
  });
});

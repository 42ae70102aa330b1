/**
 * Y2: the county receives readings summaries — per device and complete hour, each resource's
 * count, min/max/avg (numeric), last value and its time — enqueued exactly once by a periodic
 * job (a marker per device-hour in the same transaction as the outbox row), and keeps them for
 * its subtree, refusing a community's records filed by another node.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { applyMessages, migrateInbox, openSealed, pendingRows, subtreeOf } from "@anju/uplink";
// The relay's own packing: the county gets exactly the bytes a relay would publish.
import { packRows, patchSentAt } from "../../../core/uplink/src/relay.js";
import { YiyangActions as A } from "../src/actions.js";
import { UplinkKinds } from "../src/constants.js";
import { projectCountyReadings } from "../src/alarms/county-readings.js";
import { sweepReadingSummaries } from "../src/services/readings.service.js";
import { beijing, community, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

describe.each(testDbKinds())("Y2 uplink of hourly readings summaries on %s", (kind) => {
  const h = useAlarmHost(kind);
  let home: { id: number; jurisdictionCode: string };
  let outside: { id: number; jurisdictionCode: string };
  const H = 3_600_000;
  const t = (s: string) => beijing(`2021-06-01 ${s}`).getTime();

  const summaries = async () => ((await h.host.ds.query("SELECT device_code, device_seq, ts, data FROM anju_uplink_outbox WHERE kind = ? ORDER BY seq", [UplinkKinds.readingsSummary])) as Array<Record<string, unknown>>)
    .map((r) => ({ deviceCode: String(r.device_code), deviceSeq: Number(r.device_seq), ts: Number(r.ts), data: JSON.parse(String(r.data)) }));
  const read = async (jurisdiction: string, device: string, resource: string, at: number, value: number | boolean | string, unit: string | null = null) => {
    const [k, n, s] = typeof value === "number" ? ["n", value, null] : typeof value === "boolean" ? ["b", value ? 1 : 0, null] : ["s", null, value];
    // As the device platform's ingest writer stores them.
    await h.host.ds.query(
      "INSERT INTO anju_device_reading (device_code, resource, ts, jurisdiction_code, kind, value_num, value_text, quality, unit, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'good', ?, ?)",
      [device, resource, at, jurisdiction, k, n, s, unit, at + 500]);
  };

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
    // 余干县 has no Yiyang plugin: its readings are not Yiyang's to send.
    outside = await community(h, TREE.yuganTown, { name: "玉亭小区" });
    await h.register("SD-RS-01", home.jurisdictionCode);
    await h.register("SD-RS-02", home.jurisdictionCode);
    await h.register("SD-RS-09", outside.jurisdictionCode);
    const j = home.jurisdictionCode;
    // 09:00–10:00: three temperatures, two smoke states, one status text.
    await read(j, "SD-RS-01", "temperature", t("09:05:00"), 20, "°C");
    await read(j, "SD-RS-01", "temperature", t("09:20:00"), 24, "°C");
    await read(j, "SD-RS-01", "temperature", t("09:50:00"), 22, "°C");
    await read(j, "SD-RS-01", "smoke", t("09:10:00"), false);
    await read(j, "SD-RS-01", "smoke", t("09:40:00"), true);
    await read(j, "SD-RS-01", "status", t("09:30:00"), "正常");
    // 10:00–11:00: nothing from SD-RS-01; SD-RS-02 on both edges of the hour.
    await read(j, "SD-RS-02", "temperature", t("10:00:00"), 18, "°C");
    await read(j, "SD-RS-02", "temperature", t("10:00:00") + H - 1, 19, "°C");
    // 11:00–12:00
    await read(j, "SD-RS-01", "temperature", t("11:15:00"), 30, "°C");
    await read(j, "SD-RS-01", "temperature", t("11:45:00"), 26, "°C");
    // 12:00–13:00 is not over yet at 12:10.
    await read(j, "SD-RS-02", "temperature", t("12:01:00"), 21, "°C");
    await read(outside.jurisdictionCode, "SD-RS-09", "temperature", t("09:30:00"), 25, "°C");
    h.at("2021-06-01 12:10:00");
  });

  it("Y2: readings over three hours give one summary per device-hour with count, min, max, avg and last; an hour without readings sends nothing", async () => {
    const result = await sweepReadingSummaries(h.host.broker);
    expect(result.summaries).toBe(3);
    const sent = await summaries();
    expect(sent.map((s) => [s.deviceCode, new Date(s.data.hourStart).toISOString()])).toEqual([
      ["SD-RS-01", new Date(t("09:00:00")).toISOString()],
      ["SD-RS-02", new Date(t("10:00:00")).toISOString()],
      ["SD-RS-01", new Date(t("11:00:00")).toISOString()],
    ]);
    // In order per device, like the other records.
    const one = sent.filter((s) => s.deviceCode === "SD-RS-01");
    expect(one[1].deviceSeq).toBeGreaterThan(one[0].deviceSeq);
    expect(sent[0].data).toMatchObject({ device: "SD-RS-01", jurisdiction: home.jurisdictionCode, hourStart: t("09:00:00"), hourEnd: t("10:00:00") });
    expect(sent[0].data.resources).toEqual([
      { resource: "smoke", kind: "b", unit: null, count: 2, min: null, max: null, avg: null, last: true, lastTs: t("09:40:00") },
      { resource: "status", kind: "s", unit: null, count: 1, min: null, max: null, avg: null, last: "正常", lastTs: t("09:30:00") },
      { resource: "temperature", kind: "n", unit: "°C", count: 3, min: 20, max: 24, avg: 22, last: 22, lastTs: t("09:50:00") },
    ]);
    expect(sent[1].data.resources).toEqual([{ resource: "temperature", kind: "n", unit: "°C", count: 2, min: 18, max: 19, avg: 18.5, last: 19, lastTs: t("10:00:00") + H - 1 }]);
    expect(sent[2].data.resources).toEqual([{ resource: "temperature", kind: "n", unit: "°C", count: 2, min: 26, max: 30, avg: 28, last: 26, lastTs: t("11:45:00") }]);
  });

  it("Y2: re-running the job, and a restart that lost its place, send nothing twice; the next hour goes once it is over", async () => {
    expect((await sweepReadingSummaries(h.host.broker)).summaries).toBe(0);
    // A restart from scratch: the job looks back 48 hours again, the markers refuse what was sent.
    await h.host.ds.query("DELETE FROM yiyang_cursor WHERE name = 'readings-summary'");
    const again = await sweepReadingSummaries(h.host.broker);
    expect(again).toEqual({ hours: 48, summaries: 0 });
    expect(await summaries()).toHaveLength(3);
    h.at("2021-06-01 13:06:00");
    expect((await sweepReadingSummaries(h.host.broker)).summaries).toBe(1);
    expect((await sweepReadingSummaries(h.host.broker)).summaries).toBe(0);
    const sent = await summaries();
    expect(sent.map((s) => [s.deviceCode, s.data.hourStart])).toEqual([
      ["SD-RS-01", t("09:00:00")], ["SD-RS-02", t("10:00:00")], ["SD-RS-01", t("11:00:00")], ["SD-RS-02", t("12:00:00")],
    ]);
    // Nothing of 余干县's device, where the plugin is not enabled.
    expect(sent.some((s) => s.deviceCode === "SD-RS-09")).toBe(false);
  });

  it("Y2: the county keeps each summary once (also when the messages come twice), lists them by community, device and period, and refuses another node's filing", async () => {
    const ds = h.host.ds;
    await migrateInbox(ds);
    const { rows, refused } = openSealed(ds, await pendingRows(ds, 1000));
    expect(refused).toEqual([]);
    const mine = rows.filter((r) => r.kind === UplinkKinds.readingsSummary);
    const policy = { countyCode: TREE.yiyang, inSubtree: subtreeOf([home.jurisdictionCode]), skewThresholdMs: 5000, onRecords: projectCountyReadings };
    const pack = (from: string) => packRows(TREE.yiyang, from, mine, { recordsPerMessage: 200, maxMessageBytes: 512 * 1024 });
    let streamSeq = 0;
    const inbound = (packed: ReturnType<typeof pack>) => packed.map((m) => ({ subject: m.subject, data: patchSentAt(m.body, Date.now()), streamSeq: ++streamSeq, storedAt: Date.now() }));
    const first = await ds.transaction((tx) => applyMessages(tx, policy, inbound(pack(home.jurisdictionCode))));
    const second = await ds.transaction((tx) => applyMessages(tx, policy, inbound(pack(home.jurisdictionCode))));
    expect(first.stored).toBe(4);
    expect(second).toMatchObject({ stored: 0, duplicates: 4 });

    const all = await h.call(A.readings.county, {}, TREE.yiyang, ROLES.official);
    // One row per device, resource and hour: 3 + 1 + 1 + 1.
    expect(all.total).toBe(6);
    const temp9 = all.items.find((r: { deviceCode: string; resource: string; hourStart: string }) => r.deviceCode === "SD-RS-01" && r.resource === "temperature" && r.hourStart === new Date(t("09:00:00")).toISOString());
    expect(temp9).toMatchObject({
      communityCode: home.jurisdictionCode, jurisdictionCode: home.jurisdictionCode, kind: "n", unit: "°C", count: 3, min: 20, max: 24, avg: 22, last: 22,
      lastTs: new Date(t("09:50:00")).toISOString(), hourEnd: new Date(t("10:00:00")).toISOString(),
    });
    expect(all.items.find((r: { resource: string }) => r.resource === "smoke")).toMatchObject({ kind: "b", count: 2, min: null, avg: null, last: true });
    expect(all.items.find((r: { resource: string }) => r.resource === "status")).toMatchObject({ kind: "s", count: 1, last: "正常" });
    // Newest hour first.
    expect(all.items[0]).toMatchObject({ deviceCode: "SD-RS-02", hourStart: new Date(t("12:00:00")).toISOString(), last: 21 });

    const byDevice = await h.call(A.readings.county, { deviceCode: "SD-RS-02" }, TREE.yiyang, ROLES.official);
    expect(byDevice.items.map((r: { avg: number }) => r.avg)).toEqual([21, 18.5]);
    const period = await h.call(A.readings.county, { from: "2021-06-01T10:00:00+08:00", to: "2021-06-01T11:00:00+08:00" }, TREE.yiyang, ROLES.official);
    expect(period.items.map((r: { deviceCode: string; hourStart: string }) => [r.deviceCode, r.hourStart])).toEqual([
      ["SD-RS-01", new Date(t("11:00:00")).toISOString()], ["SD-RS-02", new Date(t("10:00:00")).toISOString()],
    ]);
    expect((await h.call(A.readings.county, { communityCode: home.jurisdictionCode, pageSize: 2, page: 2 }, TREE.yiyang, ROLES.official))).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect((await h.call(A.readings.county, { communityCode: outside.jurisdictionCode }, TREE.yiyang, ROLES.official)).total).toBe(0);
    await expect(h.call(A.readings.county, { from: "2021-06-02T00:00:00+08:00", to: "2021-06-01T00:00:00+08:00" }, TREE.yiyang, ROLES.official))
      .rejects.toMatchObject({ type: "YIYANG_RANGE_INVALID" });

    // Another town's official sees none of it; a node of another town cannot file them as this community.
    expect((await h.call(A.readings.county, {}, TREE.dieshan, ROLES.official)).total).toBe(0);
    const before = (await ds.query("SELECT COUNT(*) AS n FROM yiyang_county_reading_summary")) as Array<{ n: unknown }>;
    await ds.query("DELETE FROM yiyang_county_reading_summary");
    const forged = await ds.transaction((tx) => applyMessages(tx, { ...policy, inSubtree: subtreeOf([TREE.dieshan]) }, inbound(pack(TREE.dieshan))));
    expect(forged.stored).toBe(4);
    expect(Number(before[0].n)).toBe(6);
    expect((await h.call(A.readings.county, {}, TREE.yiyang, ROLES.official)).total).toBe(0);
    // Residents do not read what the county received.
    await expect(h.call(A.readings.county, {}, TREE.yiyang, ROLES.resident)).rejects.toMatchObject({ type: "YIYANG_FORBIDDEN" });
  });
});

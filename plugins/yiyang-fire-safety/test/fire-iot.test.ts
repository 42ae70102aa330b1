/**
 * Y3/Y4 with the third sample driver (driver-fire-iot-json) installed: a transmission device's
 * fire signal and an elevator's trapped passenger reach the handling list as critical alarms,
 * and the board shows both devices with their open alarms.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { YiyangActions as A } from "../src/actions.js";
import { community, ROLES, TREE } from "./helpers.js";
import { useAlarmHost } from "./alarm-host.js";

describe.each(testDbKinds())("Y3/Y4 alarms from the fire IoT sample driver on %s", (kind) => {
  const h = useAlarmHost(kind, ["driver-fire-iot-json"]);
  let home: { id: number; jurisdictionCode: string };
  const police = (action: string, params: Record<string, unknown>) => h.call(action, params, home.jurisdictionCode, ROLES.police, "police-1");

  beforeAll(async () => {
    home = await community(h, TREE.yijiang, { name: "志敏花园" });
    await h.register("UT-0001", home.jurisdictionCode, "transmission-device", "driver-fire-iot-json");
    await h.register("EL-0001", home.jurisdictionCode, "elevator-terminal", "driver-fire-iot-json");
    await h.register("EM-0001", home.jurisdictionCode, "electricity-monitor", "driver-fire-iot-json");
  });

  it("Y3: the transmission device's fire signal and Y4: a trapped passenger are critical alarms to handle; a normal electricity report is none", async () => {
    const ts = Math.floor(Date.now() / 1000);
    await h.publish(home.jurisdictionCode, "UT-0001", { ts, type: "event", cat: "uitd", fire: true, src: "01-023" });
    await h.publish(home.jurisdictionCode, "EL-0001", { ts, type: "event", cat: "lift", trapped: true, floor: 12, door: 0 });
    await h.publish(home.jurisdictionCode, "EM-0001", { ts, type: "report", cat: "elec", residual: 35, temps: [31, 30], current: 18, rated: 32 });
    const list = await waitFor("two handling records", async () => {
      const got = await police(A.alarms.list, {});
      return got.total === 2 ? got : undefined;
    }, 20_000);
    expect(list.items.map((r: { deviceCode: string; ruleId: string; severity: string; title: string }) => [r.deviceCode, r.ruleId, r.severity, r.title]).sort()).toEqual([
      ["EL-0001", "trapped", "critical", "电梯困人"],
      ["UT-0001", "fire", "critical", "火灾报警控制器火警"],
    ]);
    // The electricity monitor's report is stored on its own schedule: wait until it shows the device online.
    const board = await waitFor("electricity monitor online", async () => {
      const got = await police(A.alarms.board, { communityId: home.id });
      return got.devices.find((d: { code: string; state: string }) => d.code === "EM-0001")?.state === "online" ? got : undefined;
    });
    expect(board.devices.map((d: { code: string; status: string; openAlarms: unknown[] }) => [d.code, d.status, d.openAlarms.length])).toEqual([
      ["EL-0001", "alarm", 1], ["EM-0001", "online", 0], ["UT-0001", "alarm", 1],
    ]);
  });

  it("Y3: the board groups devices by building → unit from their placements; an unplaced device stays at community level", async () => {
    const building = await h.system<{ id: number }>(C.buildings.create, { communityId: home.id, name: "1栋", floors: 18 }, TREE.yijiang);
    const unit = await h.system<{ id: number }>(C.units.create, { buildingId: building.id, name: "1单元" }, TREE.yijiang);
    // The fire control room's transmission device in the building, the elevator terminal in its unit.
    await h.system(C.placements.set, { deviceCode: "UT-0001", buildingId: building.id }, home.jurisdictionCode);
    await h.system(C.placements.set, { deviceCode: "EL-0001", buildingId: building.id, unitId: unit.id }, home.jurisdictionCode);
    const board = await police(A.alarms.board, { communityId: home.id });
    const b = board.buildings.find((x: { id: number }) => x.id === building.id);
    expect(b.devices.map((d: { code: string; status: string }) => [d.code, d.status])).toEqual([["UT-0001", "alarm"]]);
    expect(b.units.find((u: { id: number }) => u.id === unit.id).devices.map((d: { code: string; category: string }) => [d.code, d.category])).toEqual([["EL-0001", "elevator-terminal"]]);
    expect(board.devices.map((d: { code: string }) => d.code)).toEqual(["EM-0001"]);
    expect(board.summary).toMatchObject({ devices: 3, placed: 2 });
  });
});

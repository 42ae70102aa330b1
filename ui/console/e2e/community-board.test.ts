/**
 * Yiyang's 小区消防看板 in Chromium (#8, a `groups` page): a property operator of 弋阳县 picks
 * 志敏花园 and sees 1栋 → 1单元/2单元 with the demo's smoke detectors where they are placed; a
 * detector in alarm is red with its alarm's title and 待确认; a second alarm raised while the
 * board is open turns its detector red at the next refresh, without a reload.
 * The screenshot lands in docs/images/yiyang-community-board.png.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { systemContext } from "@anju/kernel";
import { waitFor } from "@anju/kernel/testing";
import { runtimeOf } from "../../../core/devices/src/index.js";
import { api, signInOverApi, type Staff } from "./accounts.js";
import { SHOTS_DIR, ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

const DRIVER = "driver-smoke-json";
const DOC_IMAGE = fileURLToPath(new URL("../../../docs/images/yiyang-community-board.png", import.meta.url));

describe("community fire board", () => {
  let node: E2eNode;
  let browser: Browser;
  let operator: Staff;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({ devices: { drivers: [DRIVER] } });
    // 弋阳县 is in 江西省, a second root: the security administrator works there after switching to it.
    let sec = await signInOverApi(node, "secadmin", ADMINS.secadmin.password);
    const switched = await api(node, sec, "POST", "/api/auth/jurisdiction", { jurisdiction: "360000" });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    sec = switched.cookie;
    const first = "Yiyang#2026-Sun7-first";
    const made = await api(node, sec, "POST", "/api/users", { username: "yy-operator", displayName: "弋阳物业 孙七", jurisdiction: "361126", password: first });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    for (const role of ["yiyang-property-operator", "property-operator"]) {
      const granted = await api(node, sec, "POST", "/api/rbac/grants", { userId: made.body.user.id, role, jurisdiction: "361126" });
      expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    }
    const own = await signInOverApi(node, "yy-operator", first);
    const changed = await api(node, own, "POST", "/api/auth/password", { currentPassword: first, newPassword: "Yiyang#2026-Sun7" });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    operator = { id: made.body.user.id, username: "yy-operator", password: "Yiyang#2026-Sun7" };
    const rt = runtimeOf(node.host);
    await waitFor("driver running", () => rt.drivers.status().find((s) => s.pluginId === DRIVER && s.state === "running"), 30_000);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const alarm = async (code: string) => {
    const [device] = await node.host.ds.query("SELECT jurisdiction_code FROM anju_device WHERE code = ?", [code]);
    expect(device, `demo device ${code}`).toBeDefined();
    const { secret } = await node.host.call<{ secret: string }>("devices.registry.issueCredential", { code }, systemContext());
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${runtimeOf(node.host).mqtt!.port}`, { username: code, password: secret, reconnectPeriod: 0 });
    await client.publishAsync(`anju/${device.jurisdiction_code}/${code}/up`, JSON.stringify({ dev: code, ts: Math.floor(Date.now() / 1000), type: "alarm", smoke: true, temp: 31 }));
    await client.endAsync();
    await waitFor(`${code} alarm handled by Yiyang`, async () =>
      (await node.host.ds.query("SELECT h.id FROM yiyang_alarm_handling h JOIN anju_device_alarm a ON a.id = h.alarm_id WHERE a.device_code = ?", [code])).length === 1, 20_000);
  };

  it("shows 志敏花园's buildings, units and detectors, the one in alarm red, and follows a new alarm live", async () => {
    await alarm("YY-SD-0101");
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" })).newPage();
    await signIn(page, node.url, operator.username, operator.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/p/yiyang-fire-safety/community-board`);
    await page.locator("[data-test=groups-choose]").waitFor();
    await page.locator("[data-test=groups-select]").click();
    await page.locator(".el-select-dropdown__item:visible", { hasText: "志敏花园" }).click();

    const red = page.locator("[data-test=item-YY-SD-0101]");
    await red.waitFor({ timeout: 15_000 });
    expect(await red.getAttribute("class")).toContain("item-danger");
    expect(await red.innerText()).toContain("待确认");
    const building = page.locator("[data-test^=group-buildings]").first();
    expect(await building.locator(".group-title").first().innerText()).toBe("1栋");
    expect(await building.locator(".children .group-title").allInnerTexts()).toEqual(["1单元", "2单元"]);
    // The stairwell detector sits on the building, not in a unit.
    expect(await building.locator(":scope > .items [data-test=item-YY-SD-0100]").count()).toBe(1);
    expect(await page.locator("[data-test=groups-updated]").innerText()).toMatch(/更新于/);
    expect(new URL(page.url().replace("/#/", "/")).searchParams.get("communityId")).toMatch(/^\d+$/);

    // A second detector alarms while the board is open: red at the next refresh, no reload.
    const before = await page.evaluate(() => performance.getEntriesByType("navigation").length);
    await alarm("YY-SD-0102");
    await expect.poll(() => page.locator("[data-test=item-YY-SD-0102]").getAttribute("class"), { timeout: 25_000 }).toContain("item-danger");
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(before);
    await shot(page, "80-community-board");
    fs.mkdirSync(fileURLToPath(new URL("../../../docs/images/", import.meta.url)), { recursive: true });
    fs.copyFileSync(`${SHOTS_DIR}/80-community-board.png`, DOC_IMAGE);
  });
});

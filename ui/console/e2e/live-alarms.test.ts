/**
 * Live alarms in Chromium (#7): a property operator has 实时告警 open; a smoke detector publishes
 * an alarm to the node's embedded MQTT broker, the installed sample driver decodes it in its
 * own process, and the alarm appears at the top of the page — highlighted, without a reload —
 * and is acknowledged there. The system administrator's plugin manager shows the driver 运行中.
 * Screenshots land in /tmp/console-shots/ (the live one also as docs/images/console-live-alarms.png).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { systemContext } from "@anju/kernel";
import { waitFor } from "@anju/kernel/testing";
import { runtimeOf } from "../../../core/devices/src/index.js";
import { createStaff, type Staff } from "./accounts.js";
import { SHOTS_DIR, ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

/** A community of the demo tree in Hefei (devices are registered at a community). */
let COMMUNITY = "";
const secrets = new Map<string, string>();
const DRIVER = "driver-smoke-json";
const DOC_IMAGE = fileURLToPath(new URL("../../../docs/images/console-live-alarms.png", import.meta.url));

describe("live alarms", () => {
  let node: E2eNode;
  let browser: Browser;
  let operator: Staff;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({ devices: { drivers: [DRIVER] } });
    const community = (await node.host.jurisdictions.list("340104001")).find((j) => j.level === "community");
    expect(community, "a demo community under 三里庵街道").toBeDefined();
    COMMUNITY = community!.code;
    operator = await createStaff(node, { username: "hf-alarm", displayName: "合肥物业 赵六", role: "property-operator", jurisdiction: "340100", password: "Hefei#2026-Zhao6" });
    const rt = runtimeOf(node.host);
    await waitFor("driver running", () => rt.drivers.status().find((s) => s.pluginId === DRIVER && s.state === "running"), 30_000);
    for (const [code, name] of [["SD-0101", "1 栋 1 单元烟感"], ["SD-0102", "1 栋 2 单元烟感"]]) {
      await node.host.call("devices.register", { code, name, jurisdiction: COMMUNITY, driverPluginId: DRIVER, profileId: "smoke-detector" }, systemContext());
      // Devices sign in to the embedded broker with their own secret (mqtt.requireDeviceAuth).
      secrets.set(code, (await node.host.call<{ secret: string }>("devices.registry.issueCredential", { code }, systemContext())).secret);
    }
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const publish = async (code: string, body: Record<string, unknown>) => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${runtimeOf(node.host).mqtt!.port}`, { username: code, password: secrets.get(code), reconnectPeriod: 0 });
    await client.publishAsync(`anju/${COMMUNITY}/${code}/up`, JSON.stringify({ dev: code, ts: Math.floor(Date.now() / 1000), ...body }));
    await client.endAsync();
  };

  it("shows a smoke alarm arriving live, at the top and highlighted, and acknowledges it", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: "zh-CN" })).newPage();
    await signIn(page, node.url, operator.username, operator.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await expect.poll(() => page.getByRole("menuitem", { name: "设备与告警" }).count()).toBeGreaterThan(0);

    // An earlier alarm, already in the list when the page opens.
    await publish("SD-0102", { type: "alarm", smoke: true, temp: 29 });
    await waitFor("first alarm stored", async () => (await node.host.ds.query("SELECT id FROM anju_device_alarm WHERE device_code = 'SD-0102'")).length === 1, 20_000);

    const listLoads: string[] = [];
    page.on("request", (r) => { if (new URL(r.url()).pathname === "/api/devices/alarms") listLoads.push(r.url()); });
    await page.goto(`${node.url}/#/devices/alarms`);
    await page.locator("[data-test=alarms-table] .el-table__row").first().waitFor();
    await page.locator("[data-test=stream-state][data-state=connected]").waitFor({ timeout: 15_000 });
    expect(await page.locator("[data-test=stream-state]").innerText()).toBe("已连接");
    expect(listLoads).toHaveLength(1);
    expect(await page.locator("[data-test=alarms-table] .el-table__row").count()).toBe(1);

    await publish("SD-0101", { type: "alarm", smoke: true, temp: 33 });
    const top = page.locator("[data-test=alarms-table] .el-table__row").first();
    await expect.poll(() => top.innerText(), { timeout: 20_000 }).toContain("SD-0101");
    expect(await top.getAttribute("class")).toContain("alarm-new");
    expect(await page.locator("[data-test=alarms-table] .el-table__row").count()).toBe(2);
    // It came over the stream: the list was not fetched again.
    expect(listLoads).toHaveLength(1);
    await shot(page, "70-live-alarm-arrived");
    fs.mkdirSync(fileURLToPath(new URL("../../../docs/images/", import.meta.url)), { recursive: true });
    fs.copyFileSync(`${SHOTS_DIR}/70-live-alarm-arrived.png`, DOC_IMAGE);

    await top.locator("[data-test^=ack-]").click();
    await expect.poll(() => top.locator("[data-test^=status-]").innerText(), { timeout: 10_000 }).toBe("已确认");
    await page.locator(".el-message--success").waitFor();
    const [row] = await node.host.ds.query("SELECT status, acknowledged_by FROM anju_device_alarm WHERE device_code = 'SD-0101'");
    expect(row.status).toBe("acknowledged");
    expect(row.acknowledged_by).toBe(operator.id);
    await shot(page, "71-live-alarm-acknowledged");

    // Closed with a reason while a second tab watches.
    const other = await page.context().newPage();
    await other.goto(`${node.url}/#/devices/alarms`);
    await other.locator("[data-test=stream-state][data-state=connected]").waitFor({ timeout: 15_000 });
    await top.locator("[data-test^=close-]").click();
    await page.locator(".el-message-box input").fill("已到现场确认为误报");
    await page.locator(".el-message-box .el-button--primary").click();
    // The other tab follows the close without a reload.
    const otherRow = other.locator("[data-test=alarms-table] .el-table__row", { hasText: "SD-0101" });
    await expect.poll(() => otherRow.locator("[data-test^=status-]").innerText(), { timeout: 10_000 }).toBe("已关闭");
  });

  it("lists the devices with the smoke detector online and its latest values", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: "zh-CN" })).newPage();
    await signIn(page, node.url, operator.username, operator.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/devices`);
    await page.locator("[data-test=device-state-SD-0101]").waitFor();
    expect(await page.locator("[data-test=device-state-SD-0101]").innerText()).toBe("在线");
    await page.locator("[data-test=latest-SD-0101]").click();
    const drawer = page.locator(".el-drawer");
    await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain("smoke");
    await page.waitForTimeout(400); // the drawer's slide-in, for the screenshot only
    await shot(page, "72-devices-latest");
  });

  it("shows the driver's run-time state in the plugin manager", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" })).newPage();
    await signIn(page, node.url, "admin", ADMINS.admin.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/admin/plugins`);
    const row = page.locator("[data-test=plugins-table] .el-table__row", { hasText: DRIVER });
    await row.waitFor();
    expect(await row.locator("[data-test=plugin-runtime]").innerText()).toBe("运行中");
  });
});

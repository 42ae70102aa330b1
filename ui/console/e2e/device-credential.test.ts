/**
 * 设备接入密钥 in Chromium: a property operator issues a device's MQTT secret on the 设备 page;
 * the dialog shows it once, and the device signs in to the node's embedded broker with exactly
 * that secret. Rotating asks first; afterwards the old secret is refused and the new one works.
 * Screenshot: /tmp/console-shots/device-credential.png.
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { systemContext } from "@anju/kernel";
import { runtimeOf } from "../../../core/devices/src/index.js";
import { createStaff, type Staff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { startE2eNode, type E2eNode } from "./node.js";

const DRIVER = "driver-smoke-json";
const CODE = "SD-0301";

describe("device MQTT secret", () => {
  let node: E2eNode;
  let browser: Browser;
  let operator: Staff;
  let community = "";

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({ devices: { drivers: [DRIVER] } });
    const c = (await node.host.jurisdictions.list("340104001")).find((j) => j.level === "community");
    expect(c, "a demo community under 三里庵街道").toBeDefined();
    community = c!.code;
    operator = await createStaff(node, { username: "hf-keys", displayName: "合肥物业 钱七", role: "property-operator", jurisdiction: "340100", password: "Hefei#2026-Qian7" });
    await node.host.call("devices.register", { code: CODE, name: "3 栋 1 单元烟感", jurisdiction: community, driverPluginId: DRIVER, profileId: "smoke-detector" }, systemContext());
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  /** Whether the broker lets the device sign in with this secret. */
  const signsIn = async (secret: string): Promise<boolean> => {
    try {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${runtimeOf(node.host).mqtt!.port}`, { username: CODE, password: secret, reconnectPeriod: 0, connectTimeout: 5_000 });
      await client.endAsync();
      return true;
    } catch {
      return false;
    }
  };

  it("issues the secret once, the device signs in with it, and rotation (after confirming) retires the old one", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 820 }, locale: "zh-CN" })).newPage();
    await signIn(page, node.url, operator.username, operator.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/devices`);
    const state = page.locator(`[data-test=device-credential-${CODE}]`);
    await state.waitFor();
    expect(await state.innerText()).toBe("未签发");

    await page.locator(`[data-test=credential-${CODE}]`).click();
    const dialog = page.locator(".el-dialog:has([data-test=credential-secret])");
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("密钥只显示这一次，请立即配置到设备");
    expect(await dialog.locator("[data-test=credential-username]").innerText()).toBe(CODE);
    expect(await dialog.locator("[data-test=credential-topic]").innerText()).toContain(`anju/${community}/${CODE}/`);
    const first = (await dialog.locator("[data-test=credential-secret]").innerText()).trim();
    expect(first.length).toBeGreaterThan(20);
    await page.waitForTimeout(400); // the dialog's fade-in, for the screenshot only
    await shot(page, "device-credential");
    await dialog.locator("[data-test=credential-done]").click();
    await dialog.waitFor({ state: "detached" });
    expect(await page.content()).not.toContain(first);
    expect(await state.innerText()).toContain("已签发");
    expect(await signsIn(first)).toBe(true);

    await page.locator(`[data-test=credential-${CODE}]`).click();
    const box = page.locator(".el-message-box");
    await box.waitFor();
    expect(await box.innerText()).toContain("旧密钥立即失效");
    await box.locator(".el-button--primary").click();
    await dialog.waitFor();
    const second = (await dialog.locator("[data-test=credential-secret]").innerText()).trim();
    expect(second).not.toBe(first);
    await dialog.locator("[data-test=credential-done]").click();
    expect(await signsIn(first)).toBe(false);
    expect(await signsIn(second)).toBe(true);
  }, 120_000);
});

/**
 * Plugin pages and the plugin manager in Chromium: an operator homed in Hefei reads the
 * community registry through the manifest's table page; the system administrator disables the
 * plugin for Hefei and the operator's menu loses it, then enables a plugin that needs it (the
 * dependency prompt names it) and the operator's menus and home widget appear; the
 * administrator changes a setting for Hefei through the JSON form and sees it overridden there
 * and inherited below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { api, createStaff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

const OPERATOR = { username: "hf-operator", first: "Hefei#2026-Op01", password: "Hefei#2026-Op02" };

describe("plugin pages and the plugin manager in Chromium", () => {
  let node: E2eNode;
  let browser: Browser;
  let operator: Page;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({ fixtures: { install: ["e2e-alarms"] } });
    browser = await launch();
    // The security administrator creates the operator and grants the role at Hefei, over HTTP;
    // the operator replaces the first password in the browser.
    await createStaff(node, { username: OPERATOR.username, displayName: "合肥物业 张三", role: "property-operator", jurisdiction: "340100", password: OPERATOR.password, keepFirst: OPERATOR.first });
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  it("shows an operator the community menus and a table page with the registry's rows", async () => {
    operator = await (await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" })).newPage();
    await signIn(operator, node.url, OPERATOR.username, OPERATOR.first);
    await operator.locator("[data-test=password-change]").waitFor();
    await operator.locator("#pc-new").fill(OPERATOR.password);
    await operator.locator("#pc-confirm").fill(OPERATOR.password);
    await operator.locator("[data-test=password-change] button[type=submit]").click();
    await operator.locator("[data-test=home-stats]").waitFor();
    expect(Number(await operator.locator("[data-test=stat-communities] .number").textContent())).toBeGreaterThan(0);
    // Devices online out of all devices, from the registry's summary.
    expect(await operator.locator("[data-test=stat-devices-online]").textContent()).toMatch(/在线设备\s*\d+\s*\/\s*\d+/);
    // No plugin for alarms is in effect here: no alarm widget.
    expect(await operator.locator("[data-kind=openAlarms]").count()).toBe(0);

    await operator.locator("[data-menu=community]").click();
    await operator.locator("[data-menu=community-list]").click();
    await operator.locator("[data-test=page-communities] .el-table__row").first().waitFor();
    const header = await operator.locator("[data-test=page-communities] th").allTextContents();
    expect(header.join("|")).toContain("小区名称");
    expect(await operator.locator("[data-test=page-communities]").textContent()).toContain("琥珀山庄南村");
    expect(await operator.locator("[data-test=breadcrumb]").textContent()).toContain("小区列表");
    // No administration for an operator.
    expect(await operator.locator("[data-menu=admin]").count()).toBe(0);
    await shot(operator, "06-table-page");
  });

  it("lets the system administrator disable the plugin for Hefei, after which the operator's menu loses it", async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" })).newPage();
    await signIn(admin, node.url, "admin", ADMINS.admin.password);
    await admin.locator("[data-menu=admin]").click();
    await admin.locator("[data-menu=admin-plugins]").click();
    await admin.locator("[data-test=state-community]").waitFor();
    expect(await admin.locator("[data-test=state-community]").textContent()).toBe("已启用");
    await shot(admin, "07-plugin-manager");

    // Choose Hefei on the page, then disable there (with the confirmation).
    await admin.locator("[data-test=plugins-jurisdiction]").click();
    await admin.locator(".plugins-jurisdiction-popper").getByText("合肥市", { exact: true }).click();
    await expect.poll(() => admin.locator("th", { hasText: "合肥市" }).count()).toBeGreaterThan(0);
    await admin.locator("[data-test=disable-community]").click();
    await admin.locator(".el-message-box").waitFor();
    expect(await admin.locator(".el-message-box").textContent()).toContain("合肥市");
    await admin.locator(".el-message-box .el-button--primary").click();
    await expect.poll(() => admin.locator("[data-test=state-community]").textContent()).toBe("未启用");

    await operator.reload();
    await operator.locator("[data-test=user-menu]").waitFor();
    await expect.poll(() => operator.locator("[data-menu=community]").count()).toBe(0);
  });

  it("lets the system administrator enable a plugin for Hefei with the one it needs, after which the operator sees their menus and its home widget", async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" })).newPage();
    const cookie = (await api(node, "", "POST", "/api/auth/login", { username: "admin", password: ADMINS.admin.password })).cookie;
    // Hefei starts without the registry (whatever the test before left).
    expect((await api(node, cookie, "POST", "/api/plugins/community/disable", { jurisdiction: "340100" })).status).toBe(200);
    await operator.goto(`${node.url}/#/`);
    await operator.reload();
    await operator.locator("[data-test=user-menu]").waitFor();
    expect(await operator.locator("[data-menu=community]").count()).toBe(0);
    expect(await operator.locator("[data-menu=alarms]").count()).toBe(0);

    await signIn(admin, node.url, "admin", ADMINS.admin.password);
    await admin.locator("[data-test=user-menu]").waitFor();
    await admin.goto(`${node.url}/#/admin/plugins`);
    await admin.locator("[data-test=state-e2e-alarms]").waitFor();
    await admin.locator("[data-test=plugins-jurisdiction]").click();
    await admin.locator(".plugins-jurisdiction-popper").getByText("合肥市", { exact: true }).click();
    await expect.poll(() => admin.locator("[data-test=state-community]").textContent()).toBe("未启用");
    expect(await admin.locator("[data-test=state-e2e-alarms]").textContent()).toBe("未启用");

    await admin.locator("[data-test=enable-e2e-alarms]").click();
    const prompt = admin.locator(".el-message-box");
    await prompt.waitFor();
    // The prompt says where, and what comes along.
    expect(await prompt.textContent()).toContain("将在 合肥市 启用插件「告警（测试）」");
    expect(await prompt.textContent()).toContain("同时会启用它依赖的插件：小区基础信息");
    await shot(admin, "08-enable-with-dependency");
    await prompt.locator(".el-button--primary").click();
    await expect.poll(() => admin.locator("[data-test=state-e2e-alarms]").textContent()).toBe("已启用");
    expect(await admin.locator("[data-test=state-community]").textContent()).toBe("已启用");

    await operator.reload();
    await operator.locator("[data-menu=community]").waitFor();
    await operator.locator("[data-menu=alarms]").waitFor();
    const widget = operator.locator("[data-test=stat-open-alarms]");
    await widget.waitFor();
    expect(await widget.textContent()).toMatch(/未处理告警\s*3/);
    expect(await widget.textContent()).toContain("今日新增 7");
    // Above zero: drawn as an alert, and it opens the plugin's page.
    expect(await widget.locator(".stat").getAttribute("class")).toContain("alerting");
    await shot(operator, "09-home-widgets");
    await widget.click();
    await operator.locator("[data-test=page-alarm-stats]").waitFor();
    await admin.context().close();
  });

  it("lets the system administrator change a plugin setting for Hefei, overridden there and inherited below", async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" })).newPage();
    await signIn(admin, node.url, "admin", ADMINS.admin.password);
    await admin.locator("[data-test=user-menu]").waitFor();
    await admin.goto(`${node.url}/#/admin/plugins`);
    await admin.locator("[data-test=settings-community]").waitFor();
    await admin.locator("[data-test=plugins-jurisdiction]").click();
    await admin.locator(".plugins-jurisdiction-popper").getByText("合肥市", { exact: true }).click();
    await expect.poll(() => admin.locator("th", { hasText: "合肥市" }).count()).toBeGreaterThan(0);

    await admin.locator("[data-test=settings-community]").click();
    const dialog = admin.locator("[data-test=plugin-settings]");
    // The label comes from the plugin's own locale file, in the console's language.
    const year = dialog.getByLabel("老旧小区建成年份界限");
    await year.waitFor();
    expect(await year.inputValue()).toBe("2001");
    expect(await dialog.locator("[data-test=origin-oldBuiltBefore]").textContent()).toBe("默认值");
    await year.fill("1995");
    await year.press("Tab");
    await dialog.locator("[data-test=settings-save]").click();
    await expect.poll(() => dialog.locator("[data-test=origin-oldBuiltBefore]").textContent()).toBe("本级覆盖");
    await admin.locator(".el-message").waitFor({ state: "detached" }); // a clean picture, without the toast
    await shot(admin, "10-plugin-settings-overridden");

    // The server has it: effective at Hefei, stored as Hefei's own, and only that key.
    const cookie = (await api(node, "", "POST", "/api/auth/login", { username: "admin", password: ADMINS.admin.password })).cookie;
    const hefei = await api(node, cookie, "GET", "/api/plugins/community/settings?jurisdiction=340100");
    expect(hefei.status, JSON.stringify(hefei.body)).toBe(200);
    expect(hefei.body.effective.oldBuiltBefore).toBe(1995);
    expect(hefei.body.own).toEqual({ oldBuiltBefore: 1995 });
    const shushan = await api(node, cookie, "GET", "/api/plugins/community/settings?jurisdiction=340104");
    expect(shushan.body.effective.oldBuiltBefore).toBe(1995);
    const tongling = await api(node, cookie, "GET", "/api/plugins/community/settings?jurisdiction=340700");
    expect(tongling.body.effective.oldBuiltBefore).toBe(2001);

    // One level down, the form shows the value as inherited from Hefei.
    await dialog.locator(".el-dialog__headerbtn").click();
    await dialog.waitFor({ state: "hidden" });
    await admin.locator("[data-test=plugins-jurisdiction]").click();
    await admin.locator(".plugins-jurisdiction-popper").getByText("蜀山区", { exact: true }).click();
    await expect.poll(() => admin.locator("th", { hasText: "蜀山区" }).count()).toBeGreaterThan(0);
    await admin.locator("[data-test=settings-community]").click();
    await expect.poll(() => dialog.getByLabel("老旧小区建成年份界限").inputValue()).toBe("1995");
    expect(await dialog.locator("[data-test=origin-oldBuiltBefore]").textContent()).toBe("继承自合肥市");
    await admin.context().close();
  });
});

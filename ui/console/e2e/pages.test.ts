/**
 * Plugin pages and the plugin manager in Chromium: an operator homed in Hefei reads the
 * community registry through the manifest's table page; the system administrator disables the
 * plugin for Hefei and the operator's menu loses it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

const OPERATOR = { username: "hf-operator", first: "Hefei#2026-Op01", password: "Hefei#2026-Op02" };

async function api(node: E2eNode, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(node.url + path, { method, headers: { Cookie: cookie, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json(), cookie: res.headers.get("set-cookie")?.split(";")[0] ?? cookie };
}

describe("plugin pages and the plugin manager in Chromium", () => {
  let node: E2eNode;
  let browser: Browser;
  let operator: Page;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode();
    browser = await launch();
    // The security administrator creates the operator and grants the role at Hefei, over HTTP.
    const sec = await api(node, "", "POST", "/api/auth/login", { username: "secadmin", password: ADMINS.secadmin.password });
    const made = await api(node, sec.cookie, "POST", "/api/users", { username: OPERATOR.username, displayName: "合肥物业 张三", jurisdiction: "340100", password: OPERATOR.first });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const granted = await api(node, sec.cookie, "POST", "/api/rbac/grants", { userId: made.body.user.id, role: "property-operator", jurisdiction: "340100" });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
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
    expect(Number(await operator.locator("[data-test=stat-communities] .el-statistic__number").textContent())).toBeGreaterThan(0);

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
});

/**
 * Bad input and bad answers in Chromium, each met with a clear message in the user's language
 * and never a blank page or a stack trace: a plugin page whose manifest is broken (a fixture
 * plugin), a server error while reading and while saving, a permission withdrawn while the
 * page is open (403), a session that ends while a form is being saved, and an unknown page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, createStaff, signInOverApi, type Staff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

/** Signs of a stack trace or raw exception reaching the screen. */
const TECHNICAL = /\bat \S+ \(|TypeError|ReferenceError|Cannot read prop|undefined is not|boom|index\.js/;

describe("bad input and bad answers in Chromium", () => {
  let node: E2eNode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let operator: Staff;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({ fixtures: { install: ["e2e-broken"], enable: [{ plugin: "e2e-broken", at: "340000" }] } });
    browser = await launch();
    operator = await createStaff(node, { username: "hf-op", displayName: "合肥物业 王五", role: "property-operator", jurisdiction: "340100", password: "Hefei#2026-Wang5" });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    page = await context.newPage();
    await signIn(page, node.url, operator.username, operator.password);
    await page.locator("[data-test=user-menu]").waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const bodyText = () => page.locator("body").innerText();

  it("explains a plugin page whose manifest is broken, in the user's language", async () => {
    await page.locator("[data-menu=broken]").click();
    const broken = page.locator("[data-test=page-broken]");
    await broken.waitFor();
    const text = await broken.innerText();
    expect(text).toContain("此页面的定义有误，无法显示");
    expect(text).toContain("请联系插件「e2e-broken」的提供方");
    expect(text).toContain("columns 应为列表");
    expect(text).toContain("e2e-broken.items.list 不存在");
    expect(await bodyText()).not.toMatch(TECHNICAL);
    await shot(page, "12-broken-page");

    await page.locator("[data-test=locale-switch]").click();
    await page.locator(".el-select-dropdown__item", { hasText: "English" }).click();
    await expect.poll(() => broken.innerText()).toContain("This page is declared wrongly and cannot be shown");
    expect(await broken.innerText()).toContain("columns must be a list");
    await page.locator("[data-test=locale-switch]").click();
    await page.locator(".el-select-dropdown__item", { hasText: "中文" }).click();
    await expect.poll(() => broken.innerText()).toContain("此页面的定义有误");
  });

  it("says what went wrong when the server fails while reading, and reads again on request", async () => {
    // A crashed upstream answering with its stack trace, as a misconfigured proxy would pass on.
    await page.route("**/api/community/communities?*", (route) =>
      route.fulfill({ status: 500, contentType: "text/plain", body: "Error: boom\n    at list (/srv/anju/index.js:12:3)" }));
    await page.goto(`${node.url}/#/p/community/communities`);
    const failure = page.locator("[data-test=load-error]");
    await failure.waitFor();
    expect(await failure.innerText()).toContain("数据加载失败");
    expect(await failure.innerText()).toContain("服务器内部错误，请稍后重试");
    expect(await bodyText()).not.toMatch(TECHNICAL);
    // Not a blank page: the page's title and toolbar are there.
    expect(await page.locator("[data-test=page-communities]").innerText()).toContain("小区列表");
    await shot(page, "13-server-error");

    await page.unroute("**/api/community/communities?*");
    await failure.getByRole("button", { name: "重试" }).click();
    await page.locator("[data-test=page-communities] .el-table__row").first().waitFor();
    expect(await failure.count()).toBe(0);
  });

  it("keeps a form's input when saving meets a server error, and says so", async () => {
    await page.route("**/api/community/communities", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({ status: 502, contentType: "text/html", body: "<html><body><h1>502 Bad Gateway</h1><pre>upstream: boom</pre></body></html>" })
        : route.fallback());
    await page.locator("[data-test=create]").click();
    const dialog = page.locator(".el-dialog", { hasText: "新建" });
    await dialog.getByRole("textbox", { name: "小区名称" }).fill("滨湖新村");
    await dialog.getByRole("textbox", { name: "所属街道" }).fill("340104001");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator(".el-message--error").allInnerTexts(), { timeout: 5000 }).toContain("服务暂时不可用，请稍后重试");
    expect(await bodyText()).not.toMatch(/Bad Gateway|upstream|boom/);
    expect(await dialog.getByRole("textbox", { name: "小区名称" }).inputValue()).toBe("滨湖新村");
    await page.unroute("**/api/community/communities");
    await dialog.getByRole("button", { name: "取消" }).click();
  });

  it("asks for the password when the session ends during a save, then saves what was typed", async () => {
    await page.locator("[data-test=create]").click();
    const dialog = page.locator(".el-dialog", { hasText: "新建" });
    await dialog.getByRole("textbox", { name: "小区名称" }).fill("天鹅湖小区");
    await dialog.getByRole("textbox", { name: "所属街道" }).fill("340104001");
    await dialog.getByRole("spinbutton", { name: "建成年份" }).fill("2012");
    // H1: a smart community names its custodian and maintainer.
    await dialog.getByRole("textbox", { name: "管护单位", exact: true }).fill("合肥天鹅湖物业");
    await dialog.getByRole("textbox", { name: "维护单位", exact: true }).fill("安徽安居智能科技");
    // The session ends behind the page's back (signed out in another tab).
    const cookies = await context.cookies();
    await api(node, cookies.map((c) => `${c.name}=${c.value}`).join("; "), "POST", "/api/auth/logout", {});
    await context.clearCookies();
    await dialog.getByRole("button", { name: "保存" }).click();

    const lock = page.locator("[data-test=lock-overlay]");
    await lock.waitFor();
    expect(await lock.innerText()).toContain("会话已失效，请重新输入密码继续，未保存的内容会保留。");
    await page.locator("#lock-password").fill(operator.password);
    await page.locator("[data-test=unlock]").click();
    await lock.waitFor({ state: "hidden" });
    // The held save went through once signed in again.
    await expect.poll(() => page.locator(".el-message").allInnerTexts(), { timeout: 5000 }).toContain("已保存");
    await expect.poll(() => page.locator("[data-test=page-communities]").innerText()).toContain("天鹅湖小区");
  });

  it("says permission was denied when it is withdrawn while the page is open (403)", async () => {
    const sec = await signInOverApi(node, "secadmin", ADMINS.secadmin.password);
    const grant = { userId: operator.id, role: "property-operator", jurisdiction: "340100" };
    expect((await api(node, sec, "POST", "/api/rbac/grants/revoke", grant)).status).toBe(200);
    try {
      await page.getByRole("button", { name: "查询" }).click();
      const failure = page.locator("[data-test=load-error]");
      await failure.waitFor();
      expect(await failure.innerText()).toContain("无权执行此操作");
      expect(await page.locator("[data-test=page-communities]").innerText()).toContain("小区列表");
      // What was read before the withdrawal is not left on screen.
      expect(await page.locator("[data-test=page-communities] .el-table__row").count()).toBe(0);
      expect(await bodyText()).not.toMatch(TECHNICAL);
      await shot(page, "14-permission-denied");
    } finally {
      expect((await api(node, sec, "POST", "/api/rbac/grants", grant)).status).toBe(200);
    }
  });

  it("says so when a page does not exist or is not the user's", async () => {
    await page.goto(`${node.url}/#/p/community/no-such-page`);
    await expect.poll(() => page.locator(".el-result").innerText()).toContain("页面不存在或您无权访问");
    await page.goto(`${node.url}/#/admin/plugins`);
    await expect.poll(() => page.locator(".el-result").innerText()).toContain("页面不存在或您无权访问");
  });
});

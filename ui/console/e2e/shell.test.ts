/**
 * The console in real Chromium against a node started as `anju start` starts one: sign-in in
 * Chinese with the forced password change, the menus of one's duty, the jurisdiction switch,
 * English, the phone layout, and the idle lock that keeps what was typed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

describe("console shell in Chromium", () => {
  let node: E2eNode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({ mustChange: true, idleMinutes: 1 });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  it("signs in in Chinese and makes the administrator replace the one-time password first", async () => {
    context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" });
    page = await context.newPage();
    await page.goto(`${node.url}/`);
    await expect.poll(() => page.locator("h2").first().textContent()).toBe("登录");
    expect(await page.locator("#login-password").getAttribute("autocomplete")).toBe("new-password");
    expect(await page.locator("#login-username").getAttribute("autocomplete")).toBe("off");
    await shot(page, "01-login");

    await signIn(page, node.url, "admin", "wrong-Password#1");
    await expect.poll(() => page.locator("[data-test=login-error]").textContent()).toContain("用户名或密码错误");

    await signIn(page, node.url, "admin", node.generated.admin);
    await page.locator("[data-test=password-change]").waitFor();
    expect(await page.textContent("body")).toContain("首次登录请修改密码");
    await page.locator("#pc-new").fill("short");
    await page.locator("#pc-confirm").fill("short");
    await page.locator("[data-test=password-change] button[type=submit]").click();
    // The server's policy message, in Chinese, naming the rule.
    await expect.poll(() => page.locator("[data-test=password-change] [role=alert]").textContent()).toContain("密码不符合要求（H9）");
    await shot(page, "02-password-policy");

    await page.locator("#pc-new").fill(ADMINS.admin.password);
    await page.locator("#pc-confirm").fill(ADMINS.admin.password);
    await page.locator("[data-test=password-change] button[type=submit]").click();
    await page.locator("[data-menu=admin]").waitFor();
    expect(await page.locator(".welcome h1").textContent()).toContain("欢迎");
    // The role by its name, where it is held by the node's name — not `system-admin @ 340000`.
    // The demo has two provinces (Yiyang's county is in Jiangxi): the role is held at each root.
    await expect.poll(() => page.locator("[data-test=home-roles] [data-role=system-admin]").allTextContents()).toEqual(["系统管理员 · 安徽省", "系统管理员 · 江西省"]);
  });

  it("shows the system administrator the plugin manager and jurisdictions, not users or audit", async () => {
    await page.locator("[data-menu=admin]").click();
    await page.locator("[data-menu=admin-plugins]").waitFor();
    expect(await page.locator("[data-menu=admin-jurisdictions]").count()).toBe(1);
    expect(await page.locator("[data-menu=admin-users]").count()).toBe(0);
    expect(await page.locator("[data-menu=admin-audit]").count()).toBe(0);
    await shot(page, "03-home-admin");
  });

  it("switches the jurisdiction with the searchable tree", async () => {
    const switcher = page.locator("[data-test=jurisdiction-switcher]");
    await switcher.click();
    await page.keyboard.type("铜陵");
    await page.locator(".jurisdiction-popper").getByText("铜陵市", { exact: true }).click();
    await expect.poll(() => page.locator(".el-message--success").textContent()).toContain("铜陵市");
    const me = await page.evaluate(() => fetch("/api/auth/me").then((r) => r.json()));
    expect(me.jurisdiction.code).toBe("340700");
    expect(await switcher.textContent()).toContain("铜陵市");
  });

  it("switches to English, Element Plus's own texts included", async () => {
    await page.locator("[data-test=locale-switch]").click();
    await page.locator(".el-select-dropdown__item", { hasText: "English" }).click();
    await expect.poll(() => page.locator("[data-menu=admin] .el-sub-menu__title").textContent()).toContain("Administration");
    expect(await page.locator(".welcome h1").textContent()).toContain("Welcome");
    expect(await page.locator("[data-test=home-roles] [data-role=system-admin]").first().textContent()).toContain("System administrator");
    // Server messages follow: a request now answers in English.
    const answer = await page.evaluate(() => fetch("/api/users", { headers: { "Accept-Language": "en" } }).then((r) => r.json()));
    expect(answer.error.message).toMatch(/[A-Za-z]/);
    await page.locator("[data-test=locale-switch]").click();
    await page.locator(".el-select-dropdown__item", { hasText: "中文" }).click();
    await expect.poll(() => page.locator("[data-menu=admin] .el-sub-menu__title").textContent()).toContain("系统管理");
  });

  it("puts the menu in a drawer on a phone", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await signIn(p, node.url, "admin", ADMINS.admin.password);
    await p.locator("[data-test=menu-toggle]").waitFor();
    expect(await p.locator(".aside").count()).toBe(0);
    await p.locator("[data-test=menu-toggle]").click();
    await p.locator(".menu-drawer [data-menu=home]").waitFor();
    await p.waitForTimeout(400); // the drawer's slide-in, for the screenshot
    await shot(p, "04-phone-menu");
    await phone.close();
  });

  it("locks after the idle limit and unlocks in place, keeping what was typed", async () => {
    const idle = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" });
    const p = await idle.newPage();
    await p.clock.install();
    await signIn(p, node.url, "admin", ADMINS.admin.password);
    await p.locator("[data-test=user-menu]").waitFor();
    // Half-written work: the change-password dialog with a new password typed in.
    await p.locator("[data-test=user-menu]").click();
    await p.locator(".el-dropdown-menu__item", { hasText: "修改密码" }).click();
    await p.locator("#pc-new").fill("Unsaved#Input-2026");

    await p.clock.fastForward(60_000);
    await p.locator("[data-test=lock-overlay]").waitFor();
    expect(await p.locator("[data-test=lock-overlay]").textContent()).toContain("会话已锁定");
    await shot(p, "05-idle-lock");
    // The server session ended with the lock.
    expect((await p.evaluate(() => fetch("/api/auth/me").then((r) => r.status)))).toBe(401);

    await p.locator("#lock-password").fill("wrong-Password#1");
    await p.locator("[data-test=unlock]").click();
    await expect.poll(() => p.locator("[data-test=lock-overlay] [role=alert]").textContent()).toContain("用户名或密码错误");
    await p.locator("#lock-password").fill(ADMINS.admin.password);
    await p.locator("[data-test=unlock]").click();
    await p.locator("[data-test=lock-overlay]").waitFor({ state: "hidden" });
    expect(await p.locator("#pc-new").inputValue()).toBe("Unsaved#Input-2026");
    expect((await p.evaluate(() => fetch("/api/auth/me").then((r) => r.status)))).toBe(200);
    await idle.close();
  });

  it("asks for the password again when the server ends the session, then sends the held request", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" });
    const p = await ctx.newPage();
    await signIn(p, node.url, "admin", ADMINS.admin.password);
    await p.locator("[data-test=user-menu]").waitFor();
    // Signed out behind the page's back (another tab's sign-out). The browser's cookie goes too:
    // with a stale cookie left, identity refuses even the new sign-in (reported, see the README).
    const cookies = await ctx.cookies();
    await fetch(`${node.url}/api/auth/logout`, { method: "POST", headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; "), "Content-Type": "application/json" }, body: "{}" });
    await ctx.clearCookies();
    await p.locator("[data-test=jurisdiction-switcher]").click();
    await p.locator(".jurisdiction-popper").getByText("合肥市", { exact: true }).click();
    await p.locator("[data-test=lock-overlay]").waitFor();
    expect(await p.locator("[data-test=lock-overlay]").textContent()).toContain("会话已失效");
    await p.locator("#lock-password").fill(ADMINS.admin.password);
    await p.locator("[data-test=unlock]").click();
    await p.locator("[data-test=lock-overlay]").waitFor({ state: "hidden" });
    // The switch that met the lost session went through after the unlock.
    await expect.poll(() => p.evaluate(() => fetch("/api/auth/me").then((r) => r.json()).then((m) => m.jurisdiction.code))).toBe("340100");
    await ctx.close();
  });
});

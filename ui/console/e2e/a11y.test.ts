/**
 * Accessibility basics in Chromium: every control on the sign-in page, the shell, the plugin
 * manager (with its settings form) and a declarative table page (with its create form) has a
 * name a screen reader announces; and the main flows work from the keyboard alone — signing
 * in, choosing a jurisdiction in the switcher, walking the side menu.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { focused, namedControlCount, unnamedControls } from "./a11y.js";
import { createStaff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

const OPERATOR = { username: "hf-clerk", password: "Hefei#2026-Clk9" };

/** Press Tab until `match` says the focus is where the user wanted it; fail after `max` presses. */
async function tabTo(page: Page, match: (f: string) => boolean, max = 12): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (match(f)) return f;
  }
  throw new Error(`not reached by Tab within ${max} presses (focus: ${await focused(page)})`);
}

describe("accessibility in Chromium", () => {
  let node: E2eNode;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode();
    browser = await launch();
    await createStaff(node, { username: OPERATOR.username, displayName: "合肥物业 李四", role: "property-operator", jurisdiction: "340100", password: OPERATOR.password });
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const newPage = async () => (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" })).newPage();

  it("names every control on the sign-in page", async () => {
    const page = await newPage();
    await page.goto(`${node.url}/#/login`);
    await page.locator("#login-username").waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    // Username, password, submit, language at least: the check saw the form.
    expect(await namedControlCount(page)).toBeGreaterThanOrEqual(4);
    await page.context().close();
  });

  it("signs in with the keyboard alone: type, Tab, type, Enter", async () => {
    const page = await newPage();
    await page.goto(`${node.url}/#/login`);
    await page.locator("#login-username").waitFor();
    // The form is ready to type into.
    await expect.poll(() => focused(page)).toContain("input#login-username");
    await page.keyboard.type("admin");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toContain("input#login-password");
    await page.keyboard.type(ADMINS.admin.password);
    await page.keyboard.press("Enter");
    await page.locator("[data-test=user-menu]").waitFor();
    expect(await page.locator(".welcome h1").textContent()).toContain("欢迎");
    await page.context().close();
  });

  it("names every control of the shell, the plugin manager and its settings form", async () => {
    const page = await newPage();
    await signIn(page, node.url, "admin", ADMINS.admin.password);
    await page.locator("[data-test=user-menu]").waitFor();
    expect(await unnamedControls(page)).toEqual([]);

    await page.goto(`${node.url}/#/admin/plugins`);
    await page.locator("[data-test=settings-community]").waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.locator("[data-test=settings-community]").click();
    await page.locator("[data-test=plugin-settings] [data-test=settings-origins]").waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.context().close();
  });

  it("names every control of a table page and of its create form", async () => {
    const page = await newPage();
    await signIn(page, node.url, OPERATOR.username, OPERATOR.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/p/community/communities`);
    await page.locator("[data-test=page-communities] .el-table__row").first().waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    // A row's buttons say which row they act on.
    expect(await page.getByRole("button", { name: "编辑 琥珀山庄南村" }).count()).toBe(1);

    await page.locator("[data-test=create]").click();
    await page.locator(".el-dialog .anju-jf-control").first().waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    // The form's fields are named as the table's columns are, from the plugin's locale file.
    expect(await page.getByRole("textbox", { name: "小区名称" }).count()).toBe(1);
    await shot(page, "11-create-form");
    await page.context().close();
  });

  it("chooses a jurisdiction in the switcher with the keyboard", async () => {
    const page = await newPage();
    await signIn(page, node.url, "admin", ADMINS.admin.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await tabTo(page, (f) => f.includes("当前行政区划"));
    await page.keyboard.press("Enter");
    await page.locator("div.jurisdiction-popper[role=tooltip]").waitFor();
    await page.keyboard.type("铜陵");
    // ↓ moves into the filtered tree, onto the first match.
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => focused(page)).toMatch(/\[role=treeitem\] 铜陵市/);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".el-message--success").textContent()).toContain("已切换到 铜陵市");
    const me = await page.evaluate(() => fetch("/api/auth/me").then((r) => r.json()));
    expect(me.jurisdiction.code).toBe("340700");
    // Back in the field the user started from.
    expect(await focused(page)).toContain("当前行政区划");
    await page.context().close();
  });

  it("walks the side menu with the keyboard and skips to the content", async () => {
    const page = await newPage();
    await signIn(page, node.url, "admin", ADMINS.admin.password);
    await page.locator("[data-test=user-menu]").waitFor();
    // First Tab: the skip link, which takes the focus to the page's content.
    await page.locator("body").focus();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toContain("跳到主要内容");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toContain("#main");

    // The menu is one Tab stop, on the current page's item.
    await page.locator("body").focus();
    expect(await tabTo(page, (f) => f.includes("[role=menuitem]"))).toContain("首页");
    await page.keyboard.press("ArrowDown");
    expect(await focused(page)).toContain("系统管理");
    expect(await page.locator("[data-menu=admin]").getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator("[data-menu=admin]").getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("ArrowDown");
    expect(await focused(page)).toContain("行政区划");
    await page.keyboard.press("ArrowDown");
    expect(await focused(page)).toContain("插件管理");
    await page.keyboard.press("Enter");
    await page.locator("[data-test=plugins-page]").waitFor();
    expect(page.url()).toContain("#/admin/plugins");
    // ← goes back to the group, Enter folds it.
    await page.locator("[data-menu=admin-plugins]").focus();
    await page.keyboard.press("ArrowLeft");
    expect(await focused(page)).toContain("系统管理");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("[data-menu=admin]").getAttribute("aria-expanded")).toBe("false");

    // Icons only: a group's items open in a hover popup the keyboard cannot follow, so Enter on
    // the group brings the full menu back instead.
    await page.locator("[data-test=menu-toggle]").click();
    await page.locator(".aside .el-menu--collapse").waitFor();
    await page.locator("[data-menu=admin]").focus();
    await page.keyboard.press("Enter");
    await page.locator(".aside .el-menu--collapse").waitFor({ state: "detached" });
    expect(await focused(page)).toContain("系统管理");
    await page.context().close();
  });
});

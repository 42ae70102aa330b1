/**
 * The pages this console's issue touches, at a laptop's size (1366×768) and a phone's
 * (390×844): none scrolls sideways (wide tables scroll inside themselves), and a screenshot of
 * each lands in /tmp/console-shots/ for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createStaff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { ADMINS, startE2eNode, type E2eNode } from "./node.js";

const OPERATOR = { username: "hf-viewer", password: "Hefei#2026-View1" };
const SIZES = [
  { name: "laptop", viewport: { width: 1366, height: 768 }, phone: false },
  { name: "phone", viewport: { width: 390, height: 844 }, phone: true },
] as const;

/** How far the page reaches past the window's right edge (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Let transitions (dialogs fading in, menus unfolding) finish before the picture. */
const settle = (page: Page) => page.waitForTimeout(400);

describe.each(SIZES)("layout on a $name", ({ name, viewport, phone }) => {
  let node: E2eNode;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode({
      fixtures: { install: ["e2e-alarms", "e2e-broken"], enable: [{ plugin: "e2e-alarms", at: "340000" }, { plugin: "e2e-broken", at: "340000" }] },
    });
    browser = await launch();
    await createStaff(node, { username: OPERATOR.username, displayName: "合肥物业 赵六", role: "property-operator", jurisdiction: "340100", password: OPERATOR.password });
  });
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const open = async () => (await browser.newContext({ viewport, locale: "zh-CN", isMobile: phone, hasTouch: phone })).newPage();

  it("lays out sign-in, home, a table page and a board page without sideways scrolling", async () => {
    const page = await open();
    await page.goto(`${node.url}/#/login`);
    await page.locator("#login-username").waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `20-${name}-login`);

    await signIn(page, node.url, OPERATOR.username, OPERATOR.password);
    await page.locator("[data-test=stat-open-alarms]").waitFor();
    await settle(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `21-${name}-home`);

    await page.goto(`${node.url}/#/p/community/communities`);
    await page.locator("[data-test=page-communities] .el-table__row").first().waitFor();
    await settle(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `22-${name}-table`);

    await page.locator("[data-test=create]").click();
    await page.locator(".el-dialog .anju-jf-control").first().waitFor();
    await settle(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `23-${name}-create-form`);
    await page.keyboard.press("Escape");

    await page.goto(`${node.url}/#/p/e2e-alarms/alarm-stats`);
    await page.locator("[data-test=page-alarm-stats] .el-card").first().waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.goto(`${node.url}/#/p/e2e-broken/broken-table`);
    await page.locator("[data-test=page-broken]").waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `24-${name}-broken-page`);
    await page.context().close();
  });

  it("lays out the plugin manager and its settings form without sideways scrolling", async () => {
    const page = await open();
    await signIn(page, node.url, "admin", ADMINS.admin.password);
    await page.locator("[data-test=user-menu]").waitFor();
    await page.goto(`${node.url}/#/admin/plugins`);
    await page.locator("[data-test=settings-community]").waitFor();
    await settle(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `25-${name}-plugins`);

    await page.locator("[data-test=settings-community]").click();
    await page.locator("[data-test=plugin-settings] [data-test=settings-origins]").waitFor();
    await settle(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `26-${name}-plugin-settings`);
    await page.context().close();
  });
});

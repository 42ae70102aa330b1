/**
 * Issue #4 end to end in Chromium: a form designer in Tongling builds a form in the console's
 * designer — a group, a choice, a field shown only for one choice, a required phone number —
 * saves and publishes it; a reporting official of the same city finds it under 表单, fills it
 * in, meets Chinese validation messages (missing answers named by their labels, a phone number
 * that is not one), corrects the answer and submits; a reviewer then
 * reads the stored submission over the API, recorded against the version that was published.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { api, createStaff, signInOverApi, type Staff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { startE2eNode, type E2eNode } from "./node.js";

const FORM_KEY = "shop-safety";
const CITY = "340700";

describe("forms: design, publish, fill in (issue #4)", () => {
  let node: E2eNode;
  let browser: Browser;
  let designer: Staff;
  let official: Staff;
  let reviewer: Staff;

  beforeAll(async () => {
    ensureBuilt();
    node = await startE2eNode();
    browser = await launch();
    designer = await createStaff(node, { username: "tl-designer", displayName: "铜陵 表单设计员", role: "form-designer", jurisdiction: CITY, password: "Tongling#2026-Form" });
    official = await createStaff(node, { username: "tl-official", displayName: "铜陵 填报人员", role: "reporting-official", jurisdiction: CITY, password: "Tongling#2026-Rept" });
    reviewer = await createStaff(node, { username: "tl-reviewer", displayName: "铜陵 审核人员", role: "reviewer", jurisdiction: CITY, password: "Tongling#2026-Revw" });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  /** The element-plus dropdown option now open (dropdowns of closed selects stay in the DOM, hidden). */
  const pickOption = async (page: Page, text: string) => {
    await page.locator(".el-select-dropdown__item:visible", { hasText: text }).first().click();
  };

  async function signedInPage(who: Staff): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "zh-CN" });
    const page = await context.newPage();
    await signIn(page, node.url, who.username, who.password);
    await page.locator("[data-test=user-menu]").waitFor();
    return page;
  }

  it("lets the designer build, save and publish a form with a group, a choice, a rule and a required field", async () => {
    const page = await signedInPage(designer);
    await page.locator("[data-menu=forms]").click();
    await page.locator("[data-test=forms-page]").waitFor();
    await page.locator("[data-test=forms-new]").click();
    await page.locator(".anju-fd-palette").waitFor();

    await page.locator(".anju-fd-toolbar__key input").fill(FORM_KEY);
    await page.locator(".anju-fd-toolbar__title-zh input").fill("商铺安全检查");
    await page.locator(".anju-fd-toolbar__title-en input").fill("Shop safety check");

    // A group, then the fields added while it is selected land inside it.
    await page.locator('.anju-fd-palette__item[data-what="group"]').click();
    await page.locator(".anju-fd-layout-props__label .anju-fd-text__zh input").fill("基本信息");
    await page.locator(".anju-fd-layout-props__label .anju-fd-text__en input").fill("Basics");

    await page.locator('.anju-fd-palette__item[data-what="choice"]').click();
    await page.locator(".anju-fd-field-props__key input").fill("siteKind");
    await page.locator(".anju-fd-field-props__label .anju-fd-text__zh input").fill("场所类型");
    await page.locator(".anju-fd-field-props__label .anju-fd-text__en input").fill("Premises");
    await page.locator(".anju-fd-field-props__required").click();
    await page.locator(".el-radio-button", { hasText: "单选按钮" }).click();
    await page.locator(".anju-fd-options__value input").nth(0).fill("shop");
    await page.locator(".anju-fd-options__zh input").nth(0).fill("商铺");
    await page.locator(".anju-fd-options__value input").nth(1).fill("home");
    await page.locator(".anju-fd-options__zh input").nth(1).fill("住宅");

    await page.locator('.anju-fd-palette__item[data-what="text"]').click();
    await page.locator(".anju-fd-field-props__key input").fill("shopName");
    await page.locator(".anju-fd-field-props__label .anju-fd-text__zh input").fill("商铺名称");
    await page.locator(".anju-fd-field-props__label .anju-fd-text__en input").fill("Shop name");
    await page.locator(".anju-fd-rule__effect").click();
    await pickOption(page, "显示");
    await page.locator(".anju-fd-rule__field").click();
    await pickOption(page, "场所类型 (siteKind)");
    await page.locator(".anju-fd-rule__value .el-select").click();
    await pickOption(page, "商铺");

    await page.locator('.anju-fd-palette__item[data-what="phone"]').click();
    await page.locator(".anju-fd-field-props__key input").fill("contactPhone");
    await page.locator(".anju-fd-field-props__label .anju-fd-text__zh input").fill("联系电话");
    await page.locator(".anju-fd-field-props__label .anju-fd-text__en input").fill("Contact phone");
    await page.locator(".anju-fd-field-props__required").click();

    // Everything sits in the group, the rule is marked on its field.
    const group = page.locator(".anju-fd-node--group");
    for (const key of ["siteKind", "shopName", "contactPhone"]) await expect.poll(() => group.locator(`.anju-fd-node[data-key="${key}"]`).count()).toBe(1);
    await expect.poll(() => page.locator('.anju-fd-node[data-key="shopName"] .anju-fd-node__rule').count()).toBe(1);

    await page.locator('.anju-fd-node[data-key="shopName"] .anju-fd-node__title').click();
    await shot(page, "form-designer");

    await page.locator(".anju-fd-toolbar__save").click();
    await expect.poll(() => page.url()).toContain(`#/forms/${FORM_KEY}/design`);
    await page.locator(".anju-fd-toolbar__publish").click();
    await expect.poll(() => page.locator(".anju-fd-toolbar__state").innerText()).toContain("已发布");
    expect(await page.locator(".anju-fd-error").count()).toBe(0);

    await page.locator("[data-menu=forms]").click();
    const row = page.locator("[data-test=forms-table] .el-table__row", { hasText: FORM_KEY });
    await expect.poll(() => row.innerText()).toContain("商铺安全检查");
    expect(await row.innerText()).toContain("已发布");
    // A designer designs; filling in is for reporting officials.
    expect(await row.getByRole("button", { name: "填报「商铺安全检查」" }).count()).toBe(0);
    await page.context().close();
  });

  it("lets the official fill it in, shows what is wrong in Chinese, and stores the corrected answers against the published version", async () => {
    const page = await signedInPage(official);
    await page.locator("[data-menu=forms]").click();
    const row = page.locator("[data-test=forms-table] .el-table__row", { hasText: FORM_KEY });
    await row.waitFor();
    expect(await page.locator("[data-test=forms-new]").count()).toBe(0);
    expect(await row.getByRole("button", { name: "设计「商铺安全检查」" }).count()).toBe(0);
    await row.getByRole("button", { name: "填报「商铺安全检查」" }).click();

    const fill = page.locator(".anju-fd-fill");
    await fill.locator(".anju-fd-fill__title").waitFor();
    expect(await fill.locator(".anju-fd-fill__title").innerText()).toBe("商铺安全检查");
    const control = (label: string) => fill.locator(".anju-jf-control", { hasText: label });

    // Submitting nothing names the missing answers by their labels, in Chinese, and sends nothing.
    await fill.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => control("联系电话").locator(".anju-jf-control__error").innerText()).toBe("请填写「联系电话」");
    expect(await control("场所类型").locator(".anju-jf-control__error").innerText()).toBe("请填写「场所类型」");
    expect(await fill.locator(".anju-fd-fill__message").innerText()).toContain("有 2 处需要修改");

    // The shop's name is asked for only once "商铺" is chosen.
    expect(await control("商铺名称").count()).toBe(0);
    await control("场所类型").locator(".el-radio", { hasText: "商铺" }).click();
    await control("商铺名称").locator("input").fill("铜官区 平安五金店");
    await control("联系电话").locator("input").fill("12345");
    await fill.getByRole("button", { name: "提交" }).click();

    const phoneError = control("联系电话").locator(".anju-jf-control__error");
    await phoneError.waitFor();
    expect(await phoneError.innerText()).toMatch(/[\u4e00-\u9fa5]/);
    expect(await fill.locator(".anju-fd-fill__message").innerText()).toContain("有 1 处需要修改");
    await shot(page, "form-fill-error");

    await control("联系电话").locator("input").fill("13905621234");
    await expect.poll(() => phoneError.count()).toBe(0);
    // Once everything is corrected nothing still says there is something to change.
    await expect.poll(() => fill.locator(".anju-fd-fill__message").count()).toBe(0);
    await expect.poll(() => fill.locator(".anju-jf-control.is-error").count()).toBe(0);
    await page.waitForTimeout(400); // the red border's fade, for the screenshot only
    await shot(page, "form-fill");
    await fill.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => fill.innerText()).toContain("已按第 1 版表单保存");
    await page.context().close();

    const cookie = await signInOverApi(node, reviewer.username, reviewer.password);
    const list = await api(node, cookie, "GET", `/api/forms/submissions?key=${FORM_KEY}&page=1&pageSize=10`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const items = list.body.items as Array<{ id: string; version: number }>;
    expect(items).toHaveLength(1);
    expect(items[0].version).toBe(1);
    const one = await api(node, cookie, "GET", `/api/forms/submissions/${items[0].id}`);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toMatchObject({ key: FORM_KEY, version: 1, jurisdiction: CITY, data: { siteKind: "shop", shopName: "铜官区 平安五金店", contactPhone: "13905621234" } });
  });
});

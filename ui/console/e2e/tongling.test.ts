/**
 * Issue #6 end to end in Chromium: 铜官区's reporting official files June's report in Chinese
 * from the console; the city reviewer opens it from 本月报送情况, returns it with a comment; the
 * county corrects and files again; the reviewer accepts. The board then shows 铜官区 on time
 * and accepted (T4), and the month's xlsx and the report's PDF download under their Chinese
 * names. The node's clock is fixed at June 2021 (server time decides T4's deadline), so the
 * demo's own reports for 铜官区 (the last three months) stay out of the month under test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { systemContext } from "@anju/kernel";
import { waitFor } from "@anju/kernel/testing";
import { setClock } from "@anju/plugin-tongling-reporting";
import { createStaff, type Staff } from "./accounts.js";
import { ensureBuilt, launch, shot, signIn } from "./browser.js";
import { startE2eNode, type E2eNode } from "./node.js";

const CITY = "340700";
const COUNTY = "340705";
const PLUGIN = "tongling-reporting";
const REPORT_TITLE = "铜官区公安局智慧安防小区建设进展月度报告（2021年6月）";

describe("Tongling monthly reports in Chromium (issue #6)", () => {
  let node: E2eNode;
  let browser: Browser;
  let reporter: Staff;
  let reviewer: Staff;
  let now = new Date("2021-06-18T10:00:00+08:00");
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "anju-tl-e2e-"));

  beforeAll(async () => {
    ensureBuilt();
    // The demo seeding installs the plugin and enables it at 铜陵市 (core/cli DEMO_CITY_PLUGINS).
    node = await startE2eNode();
    setClock(node.host.broker, () => now);
    await waitFor("the monthly report form", () => node.host.call("forms.get", { key: `${PLUGIN}.monthly-report` }, systemContext(COUNTY)).then(() => true), 30_000);
    browser = await launch();
    reporter = await createStaff(node, { username: "tg-reporter", displayName: "铜官区 填报员", role: "tongling-county-reporter", jurisdiction: COUNTY, password: "Tongguan#2026-Rept" });
    reviewer = await createStaff(node, { username: "tl-reviewer", displayName: "铜陵市 审核员", role: "tongling-city-reviewer", jurisdiction: CITY, password: "Tongling#2026-Revw" });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await node?.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  async function signedInPage(who: Staff): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai", acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, node.url, who.username, who.password);
    await page.locator("[data-test=user-menu]").waitFor();
    return page;
  }

  const openMenu = async (page: Page, key: string) => {
    if (!(await page.locator(`[data-menu=${key}]`).isVisible())) await page.locator("[data-menu=tongling]").click();
    await page.locator(`[data-menu=${key}]`).click();
  };

  /** The report page's status cell (labels from the plugin's locale files). */
  const statusOf = (page: Page) => page.locator("[data-test=page-report] .el-descriptions__body tr", { hasText: "状态" }).first().innerText();

  let county: Page;
  let city: Page;

  it("T4: the county official writes June's report in Chinese and files it from the console", async () => {
    county = await signedInPage(reporter);
    await openMenu(county, "tongling-reports");
    await county.locator("[data-test=page-reports] [data-test=create]").click();
    const dialog = county.locator(".el-dialog", { hasText: "新建" });
    await dialog.waitFor();
    await dialog.getByLabel("报告月份").fill("2021-06");
    await dialog.getByLabel("存在问题").fill("部分老旧小区周界防护设施施工进度滞后。");
    await dialog.getByLabel("下步工作").fill("督促施工单位按期完成周界电子防护建设。");
    await dialog.getByLabel("姓名").fill("李军");
    await dialog.getByLabel("电话").fill("0562-2682911");
    await shot(county, "tongling-01-create-form");
    await dialog.locator(".el-button--primary", { hasText: "保存" }).click();
    const row = county.locator("[data-test=page-reports] .el-table__row", { hasText: "2021-06" });
    await expect.poll(() => row.innerText()).toContain("草稿");

    // The row opens the report; 报送 asks once, then the server's clock decides: on time.
    await row.locator("[data-test=open-linked]").click();
    await county.locator("[data-test=page-report]").waitFor();
    await county.locator("[data-test=operation-submit]").click();
    await county.locator(".el-message-box").waitFor();
    expect(await county.locator(".el-message-box").innerText()).toContain("报送后由市公安局审核");
    await county.locator(".el-message-box .el-button--primary").click();
    await expect.poll(() => statusOf(county)).toContain("已报送");
    expect(await county.locator("[data-test=page-report]").innerText()).toContain("按时");
    // A county cannot review its own report.
    expect(await county.locator("[data-test=operation-accept]").count()).toBe(0);
    await shot(county, "tongling-02-submitted");
  });

  it("T4: the city reviewer opens 铜官区 from this month's filings and returns the report with a comment", async () => {
    now = new Date("2021-06-21T09:00:00+08:00");
    city = await signedInPage(reviewer);
    await openMenu(city, "tongling-board-status");
    const row = city.locator("[data-test=page-board-status] .el-table__row", { hasText: "铜官区" });
    await expect.poll(() => row.innerText()).toContain("按时报送");
    expect(await row.innerText()).toContain("2021-06-18 10:00");
    await shot(city, "tongling-03-board-status");
    await row.locator("td").first().click();
    await city.locator("[data-test=page-report]").waitFor();
    expect(city.url()).toMatch(/#\/p\/tongling-reporting\/report\?id=\d+$/);
    await city.locator("[data-test=operation-return]").click();
    const dialog = city.locator(".el-dialog", { hasText: "退回" });
    await dialog.waitFor();
    await dialog.getByLabel("意见").fill("请补充老旧小区改造计划的完成时间。");
    await shot(city, "tongling-04-return");
    await dialog.locator("[data-test=operation-confirm]").click();
    await expect.poll(() => statusOf(city)).toContain("已退回");
  });

  it("T4: the county corrects the report and files it again; the reviewer accepts it", async () => {
    now = new Date("2021-06-22T15:30:00+08:00");
    await openMenu(county, "tongling-reports");
    const row = county.locator("[data-test=page-reports] .el-table__row", { hasText: "2021-06" });
    await expect.poll(() => row.innerText()).toContain("已退回");
    await row.getByRole("button", { name: /^编辑/ }).click();
    const dialog = county.locator(".el-dialog", { hasText: "编辑" });
    await dialog.waitFor();
    await dialog.getByLabel("下步工作").fill("督促施工单位按期完成周界电子防护建设；老旧小区改造计划于2021年12月底前完成。");
    await dialog.locator(".el-button--primary", { hasText: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    await row.locator("[data-test=open-linked]").click();
    await county.locator("[data-test=page-report]").waitFor();
    expect(await county.locator("[data-test=page-report]").innerText()).toContain("请补充老旧小区改造计划的完成时间。");
    await county.locator("[data-test=operation-submit]").click();
    await county.locator(".el-message-box .el-button--primary").click();
    await expect.poll(() => statusOf(county)).toContain("已报送");

    now = new Date("2021-06-23T09:00:00+08:00");
    await city.reload();
    await city.locator("[data-test=operation-accept]").click();
    const accept = city.locator(".el-dialog", { hasText: "审核通过" });
    await accept.waitFor();
    await accept.getByLabel("意见").fill("已阅，同意。");
    await accept.locator("[data-test=operation-confirm]").click();
    await expect.poll(() => statusOf(city)).toContain("已通过");
    // The history names each step in Chinese, at Beijing time.
    const history = await city.locator("[data-test=page-report] .nested-table").innerText();
    for (const s of ["报送", "退回", "重新报送", "审核通过", "请补充老旧小区改造计划的完成时间。", "2021-06-21 09:00"]) expect(history).toContain(s);
    await city.locator(".el-message").first().waitFor({ state: "hidden" });
    await shot(city, "tongling-05-accepted");
  });

  it("T4/T5: the board shows 铜官区 on time and accepted; the month's xlsx and the report's PDF download", async () => {
    now = new Date("2021-06-28T09:00:00+08:00");
    const pdfDownload = city.waitForEvent("download");
    await city.locator("[data-test=download-pdf]").click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toBe(`${REPORT_TITLE}.pdf`);
    const pdfFile = path.join(downloads, "report.pdf");
    await pdf.saveAs(pdfFile);
    const text = execFileSync("pdftotext", ["-layout", pdfFile, "-"], { encoding: "utf8" });
    expect(text).toContain(REPORT_TITLE);
    expect(text).toContain("已阅，同意。");

    await openMenu(city, "tongling-board-status");
    const row = city.locator("[data-test=page-board-status] .el-table__row", { hasText: "铜官区" });
    await expect.poll(() => row.innerText()).toContain("已通过");
    expect(await row.innerText()).toContain("按时报送");
    await city.locator("#filter-period").fill("2021-06");
    const xlsxDownload = city.waitForEvent("download");
    await city.locator("[data-test=download-xlsx]").click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toBe("铜陵市月报看板-2021-06.xlsx");
    const xlsxFile = path.join(downloads, "board.xlsx");
    await xlsx.saveAs(xlsxFile);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe("铜陵市智慧安防小区建设进展月报报送情况（2021年6月）");
    const rows: unknown[][] = [];
    ws.eachRow((r, n) => { if (n > 3) rows.push((r.values as unknown[]).slice(1)); });
    expect(rows.map((r) => [r[0], r[2], r[4], r[5]])).toEqual([["铜官区", "按时报送", 2, "已通过"]]);
    await shot(city, "tongling-06-board-accepted");
  });
});

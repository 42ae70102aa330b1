/**
 * The city board as xlsx and a report as PDF (T4/T5): what an official downloads, opened the
 * way they would open it — the workbook with exceljs, the PDF through poppler's pdftotext.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { TonglingActions as A } from "../src/actions.js";
import { AUTHOR, ROLES, TREE, rejectionOf, useTonglingHost } from "./helpers.js";

/** The text of a PDF as poppler extracts it (what a search or a screen reader gets). */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anju-tl-pdf-")), "r.pdf");
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

function pdfFonts(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anju-tl-pdf-")), "r.pdf");
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdffonts", [file], { encoding: "utf8" });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

async function sheetOf(content: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** Rows under the header row (row 3), as arrays of cell values. */
function bodyOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row, n) => { if (n > 3) out.push((row.values as unknown[]).slice(1)); });
  return out;
}

describe.each(testDbKinds())("exports on %s", (kind) => {
  const h = useTonglingHost(kind, { enableAt: [TREE.tongling, TREE.hefei] });
  const asCity = <T = any>(action: string, params: Record<string, unknown> = {}, locale?: "en") => // eslint-disable-line @typescript-eslint/no-explicit-any
    h.t.host.call<T>(action, params, { principal: { id: "reviewer-1", kind: "user", roles: [...ROLES.reviewer] }, jurisdiction: TREE.tongling, ...(locale ? { locale } : {}) });
  let reportId = 0;

  it("T4/T5: the board exports one row per county of the caller's city, with its standing, in zh-CN and en", async () => {
    // 铜官区 files June on time, is returned, refiles and is accepted; 枞阳县 files nothing.
    h.at("2021-06-20 10:00:00");
    const r = await h.call(A.reports.create, { period: "2021-06", ...AUTHOR }, TREE.tongguan, ROLES.reporter);
    reportId = r.id;
    await h.call(A.reports.submit, { id: r.id }, TREE.tongguan, ROLES.reporter);
    h.at("2021-06-21 09:00:00");
    await h.call(A.reports.return, { id: r.id, comment: "请补充老旧小区改造计划的完成时间。" }, TREE.tongling, ROLES.reviewer);
    h.at("2021-06-22 15:30:00");
    await h.call(A.reports.update, { id: r.id, nextSteps: "老旧小区改造计划于年底前完成。" }, TREE.tongguan, ROLES.reporter);
    await h.call(A.reports.submit, { id: r.id }, TREE.tongguan, ROLES.reporter);
    h.at("2021-06-23 09:00:00");
    await h.call(A.reports.accept, { id: r.id, comment: "已阅。" }, TREE.tongling, ROLES.reviewer);
    // 合肥 has a report too: it must not appear in Tongling's file.
    await h.call(A.reports.create, { period: "2021-06", ...AUTHOR }, TREE.shushan, ROLES.reporter);

    h.at("2021-07-02 09:00:00");
    const content = await h.t.host.broker.call<Buffer, Record<string, unknown>>(A.board.export, { period: "2021-06" }, {
      meta: { anju: { principal: { id: "reviewer-1", kind: "user", roles: [...ROLES.reviewer] }, jurisdiction: TREE.tongling } },
    });
    expect(Buffer.isBuffer(content)).toBe(true);
    const ws = await sheetOf(content);
    expect(ws.getCell(1, 1).value).toBe("铜陵市智慧安防小区建设进展月报报送情况（2021年6月）");
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(["县区", "县区编码", "报送情况", "报送时间（北京时间）", "报送次数", "审核状态", "小区总数", "本月建成", "累计建成", "建成率（%）"]);
    const rows = bodyOf(ws);
    expect(rows).toHaveLength(2);
    expect(rows.find((x) => x[1] === TREE.tongguan)).toEqual(["铜官区", TREE.tongguan, "按时报送", "2021-06-22 15:30", 2, "已通过", 0, 0, 0, 0]);
    expect(rows.find((x) => x[1] === TREE.zongyang)).toEqual(["枞阳县", TREE.zongyang, "未报送", "", 0, "", 0, 0, 0, 0]);

    const en = await sheetOf(await asCity<Buffer>(A.board.export, { period: "2021-06" }, "en"));
    expect(en.getCell(1, 1).value).toBe("铜陵市: monthly smart-safe community reports, June 2021");
    expect(bodyOf(en).map((x) => [x[0], x[2], x[5]])).toEqual(expect.arrayContaining([["铜官区", "On time", "Accepted"], ["枞阳县", "Missing", ""]]));
  });

  it("T4: the download names the file in Chinese (RFC 5987) and is audited; a county reporter may not export", async () => {
    h.at("2021-07-02 09:00:00");
    const m: Record<string, unknown> = { anju: { principal: { id: "reviewer-1", kind: "user", roles: [...ROLES.reviewer] }, jurisdiction: TREE.tongling } };
    await h.t.host.broker.call(A.board.export, { period: "2021-06" }, { meta: m });
    expect(m.$responseType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect((m.$responseHeaders as Record<string, string>)["Content-Disposition"])
      .toBe(`attachment; filename="monthly-board-2021-06.xlsx"; filename*=UTF-8''${encodeURIComponent("铜陵市月报看板-2021-06.xlsx")}`);
    expect(h.audit.filter((e) => e.action === "tongling-reporting.board.export").at(-1)).toMatchObject({ object: "2021-06", result: "success", userId: "reviewer-1", jurisdiction: TREE.tongling });
    expect(await rejectionOf(h.call(A.board.export, { period: "2021-06" }, TREE.tongguan, ROLES.reporter))).toMatchObject({ type: "TONGLING_FORBIDDEN", code: 403 });
    expect(await rejectionOf(asCity(A.board.export, { period: "2021-08" }))).toMatchObject({ type: "TONGLING_PERIOD_IN_FUTURE" });
  });

  it("T4: a report's PDF is the written report in Chinese, phone masked, with its review history; small thanks to font subsetting", async () => {
    const m: Record<string, unknown> = { anju: { principal: { id: "reviewer-1", kind: "user", roles: [...ROLES.reviewer] }, jurisdiction: TREE.tongling } };
    const pdf = await h.t.host.broker.call<Buffer, Record<string, unknown>>(A.reports.pdf, { id: reportId }, { meta: m });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect((m.$responseHeaders as Record<string, string>)["Content-Disposition"]).toContain(encodeURIComponent("铜官区公安局智慧安防小区建设进展月度报告（2021年6月）.pdf"));
    expect(pdf.length).toBeLessThan(300_000);
    const txt = pdfText(pdf).replace(/[ \t]+/g, " ");
    for (const s of [
      "铜官区公安局智慧安防小区建设进展月度报告（2021年6月）", "报送单位：铜陵市公安局", "2021-06-25 00:00", "一、报送情况", "已通过", "按时",
      "二、建设进度", "小区总数", "三、存在问题", AUTHOR.problems, "老旧小区改造计划于年底前完成。", "李军", "六、处理记录", "退回",
      "请补充老旧小区改造计划的完成时间。", "重新报送", "审核通过", "2021-06-22 15:30",
    ]) expect(txt, s).toContain(s);
    // The contact's phone leaves the system masked, as the privacy rules have it everywhere.
    expect(txt).not.toContain("2682911");
    // …and so does the API.
    const shown = await asCity(A.reports.get, { id: reportId });
    expect(shown.data.contact).toEqual({ name: "李军", phone: "056****2911" });
    expect(JSON.stringify(shown.events)).not.toContain("2682911");
    expect(txt).toMatch(/\*{4}/);
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/NotoSansSC-Regular/);
    expect(fonts).toMatch(/NotoSansSC-Bold/);
    expect(fonts.split("\n").filter((l) => /NotoSansSC/.test(l)).every((l) => /\byes\s+yes\b/.test(l))).toBe(true);
  });

  it("T5: another city's reviewer gets 404 for the PDF and a file of its own counties only; English on request", async () => {
    const hefei = { principal: { id: "hf-1", kind: "user" as const, roles: [...ROLES.reviewer] }, jurisdiction: TREE.hefei };
    expect(await rejectionOf(h.t.host.call(A.reports.pdf, { id: reportId }, hefei))).toMatchObject({ code: 404 });
    const rows = bodyOf(await sheetOf(await h.t.host.call<Buffer>(A.board.export, { period: "2021-06" }, hefei)));
    expect(rows.map((x) => [x[0], x[2]])).toEqual([["蜀山区", "未报送"]]);
    const en = pdfText(await asCity<Buffer>(A.reports.pdf, { id: reportId }, "en"));
    expect(en).toContain("Public Security Bureau");
    expect(en).toContain("Accepted");
  });
});

/**
 * A plugin page's declarative downloads and row links (docs/console-pages.md): the Tongling
 * board's "this month" table opens a county's report from its row and exports the month as
 * xlsx under the server's Chinese file name; a county that has not filed opens nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import { createMemoryHistory, createRouter } from "vue-router";
import { defineComponent } from "vue";
import type { NavPage } from "../src/api/types";
import { i18n } from "../src/i18n";
import { useSessionStore } from "../src/stores/session";
import TablePage from "../src/views/pages/TablePage.vue";
import DetailPage from "../src/views/pages/DetailPage.vue";
import { fileNameOf, fillRoute, linkQuery } from "../src/views/pages/downloads";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
const XLSX_NAME = "铜陵市月报看板-2021-06.xlsx";

const boardStatus: NavPage = {
  plugin: "tongling-reporting", key: "board-status", type: "table", title: { "zh-CN": "本月报送情况", en: "This month's filings" }, path: "/p/tongling-reporting/board-status",
  action: "tongling-reporting.board.status", route: { method: "GET", path: "/api/tongling-reporting/board/status" },
  params: { type: "object", properties: { period: { type: "string" } } }, actions: {},
  options: {
    rowKey: "countyCode", columns: ["countyName", "status", "reportId"], filters: ["period"],
    link: { page: "report", query: { id: "reportId" }, title: { "zh-CN": "查看报告", en: "Open report" } },
    downloads: [
      { key: "xlsx", route: "/api/tongling-reporting/board/export?period={period}", title: { "zh-CN": "导出 Excel", en: "Export to Excel" }, permission: "tongling-reporting.board:read" },
      // Not the plugin's own API: never offered.
      { key: "evil", route: "/api/identity/users/export", title: { "zh-CN": "别的", en: "Other" } },
    ],
  },
};

const reportPage: NavPage = {
  plugin: "tongling-reporting", key: "report", type: "detail", title: { "zh-CN": "月度报告详情", en: "Monthly report" }, path: "/p/tongling-reporting/report",
  action: "tongling-reporting.reports.get", route: { method: "GET", path: "/api/tongling-reporting/reports/:id" }, params: null, actions: {},
  options: { columns: ["period", "countyName"], downloads: [{ key: "pdf", route: "/api/tongling-reporting/reports/{id}/pdf", title: { "zh-CN": "下载 PDF 报告", en: "PDF" } }] },
};

const ROWS = [
  { countyCode: "340705", countyName: "铜官区", status: "on-time", reportId: 7 },
  { countyCode: "340722", countyName: "枞阳县", status: "missing", reportId: null },
];

function setup(permissions: string[]) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { permissions } as never;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: "/:rest(.*)*", component: defineComponent({ render: () => null }) }] });
  return { pinia, router };
}

describe("page downloads and row links", () => {
  let saved: Array<{ name: string; href: string }>;
  beforeEach(() => {
    saved = [];
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:x"), revokeObjectURL: vi.fn() }));
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) { saved.push({ name: this.download, href: this.href }); });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    document.body.innerHTML = "";
  });

  it("fills routes from the page's values, drops empty query parameters, refuses an empty path part", () => {
    expect(fillRoute("/api/p/board/export?period={period}", { period: "2021-06" })).toBe("/api/p/board/export?period=2021-06");
    expect(fillRoute("/api/p/board/export?period={period}", {})).toBe("/api/p/board/export");
    expect(fillRoute("/api/p/reports/{id}/pdf", { id: 7 })).toBe("/api/p/reports/7/pdf");
    expect(fillRoute("/api/p/reports/{id}/pdf", { id: null })).toBeNull();
    expect(linkQuery({ page: "report", query: { id: "reportId" } }, ROWS[1])).toBeNull();
    expect(fileNameOf(`attachment; filename="monthly-board-2021-06.xlsx"; filename*=UTF-8''${encodeURIComponent(XLSX_NAME)}`, "x")).toBe(XLSX_NAME);
    expect(fileNameOf(`attachment; filename="a.pdf"`, "x")).toBe("a.pdf");
  });

  it("T4: a county row with a report opens that report; a county without one keeps the row's details", async () => {
    const { pinia, router } = setup(["tongling-reporting.board:read"]);
    vi.stubGlobal("fetch", vi.fn(async () => json({ items: ROWS, total: 2, page: 1, pageSize: 2 })));
    await router.push("/p/tongling-reporting/board-status");
    const wrapper = mount(TablePage, { props: { page: boardStatus }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body });
    await flushPromises();
    const rows = wrapper.findAll(".el-table__body tr");
    expect(rows).toHaveLength(2);
    expect(rows[0].classes()).toContain("linked-row");
    expect(rows[1].classes()).not.toContain("linked-row");
    expect(rows[0].find("[data-test=open-linked]").attributes("aria-label")).toBe("查看报告 铜官区");
    expect(rows[1].find("[data-test=open-linked]").exists()).toBe(false);
    await rows[0].find("td").trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe("/p/tongling-reporting/report?id=7");
    await router.push("/p/tongling-reporting/board-status");
    await rows[1].find("td").trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/p/tongling-reporting/board-status");
  });

  it("T4: the board's Excel button downloads the chosen month under the server's Chinese file name; only the plugin's own routes are offered", async () => {
    const { pinia, router } = setup(["tongling-reporting.board:read"]);
    const fetch = vi.fn(async (url: string) => url.includes("/export")
      ? new Response(new Blob(["PK"]), { status: 200, headers: { "Content-Disposition": `attachment; filename="monthly-board-2021-06.xlsx"; filename*=UTF-8''${encodeURIComponent(XLSX_NAME)}` } })
      : json({ items: ROWS, total: 2, page: 1, pageSize: 2 }));
    vi.stubGlobal("fetch", fetch);
    const wrapper = mount(TablePage, { props: { page: boardStatus }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find("[data-test=download-evil]").exists()).toBe(false);
    await wrapper.find("#filter-period").setValue("2021-06");
    await wrapper.find("[data-test=download-xlsx]").trigger("click");
    await flushPromises();
    expect(fetch.mock.calls.map((c) => c[0])).toContain("/api/tongling-reporting/board/export?period=2021-06");
    expect(saved).toEqual([{ name: XLSX_NAME, href: "blob:x" }]);
  });

  it("hides a download the user may not use", async () => {
    const { pinia, router } = setup([]);
    vi.stubGlobal("fetch", vi.fn(async () => json({ items: ROWS, total: 2, page: 1, pageSize: 2 })));
    const wrapper = mount(TablePage, { props: { page: boardStatus }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find("[data-test=download-xlsx]").exists()).toBe(false);
  });

  it("T4: a report's page offers its PDF, filled with the report's id", async () => {
    const { pinia, router } = setup([]);
    await router.push("/p/tongling-reporting/report?id=7");
    const fetch = vi.fn(async (url: string) => url.endsWith("/pdf")
      ? new Response(new Blob(["%PDF-"]), { status: 200, headers: { "Content-Disposition": `attachment; filename="r.pdf"; filename*=UTF-8''${encodeURIComponent("铜官区公安局智慧安防小区建设进展月度报告（2021年6月）.pdf")}` } })
      : json({ id: 7, period: "2021-06", countyName: "铜官区" }));
    vi.stubGlobal("fetch", fetch);
    const wrapper = mount(DetailPage, { props: { page: reportPage }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body });
    await flushPromises();
    expect(fetch.mock.calls[0][0]).toBe("/api/tongling-reporting/reports/7");
    await wrapper.find("[data-test=download-pdf]").trigger("click");
    await flushPromises();
    expect(fetch.mock.calls[1][0]).toBe("/api/tongling-reporting/reports/7/pdf");
    expect(saved[0].name).toBe("铜官区公安局智慧安防小区建设进展月度报告（2021年6月）.pdf");
  });

  it("sends no paging to an action that takes none (a month's rows per county refuses unknown keys)", async () => {
    const { pinia, router } = setup([]);
    const fetch = vi.fn(async (_url: string) => json({ items: ROWS, total: 2, page: 1, pageSize: 2 }));
    vi.stubGlobal("fetch", fetch);
    mount(TablePage, { props: { page: boardStatus }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body });
    await flushPromises();
    expect(fetch.mock.calls[0][0]).toBe("/api/tongling-reporting/board/status");
  });

  it("T4: a submitted report offers the reviewer 审核通过 and 退回 (not 报送); 退回 asks for the comment and posts it", async () => {
    const { pinia, router } = setup([]);
    await router.push("/p/tongling-reporting/report?id=7");
    const page: NavPage = {
      ...reportPage,
      options: {
        ...reportPage.options,
        operations: [
          { key: "submit", title: { "zh-CN": "报送", en: "Submit" }, when: { status: ["draft", "returned"] } },
          { key: "accept", title: { "zh-CN": "审核通过", en: "Accept" }, when: { status: ["submitted"] } },
          { key: "return", title: { "zh-CN": "退回", en: "Return" }, when: { status: ["submitted"] }, style: "danger" },
          // Declared, but the nav did not answer its action (no permission): not offered.
          { key: "purge", title: { "zh-CN": "清除", en: "Purge" } },
        ],
      },
      actions: {
        submit: { action: "p.submit", route: { method: "POST", path: "/api/tongling-reporting/reports/:id/submit" }, params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] } },
        accept: { action: "p.accept", route: { method: "POST", path: "/api/tongling-reporting/reports/:id/accept" }, params: { type: "object", properties: { id: { type: "integer" }, comment: { type: "string" } }, required: ["id"] } },
        return: { action: "p.return", route: { method: "POST", path: "/api/tongling-reporting/reports/:id/return" }, params: { type: "object", properties: { id: { type: "integer" }, comment: { type: "string", minLength: 1 } }, required: ["id", "comment"] } },
      },
    };
    let status = "submitted";
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith("/return")) status = "returned";
      return json(init?.method === "POST" ? { id: 7, status } : { id: 7, period: "2021-06", countyName: "铜官区", status });
    });
    vi.stubGlobal("fetch", fetch);
    const wrapper = mount(DetailPage, { props: { page }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find("[data-test=operation-submit]").exists()).toBe(false);
    expect(wrapper.find("[data-test=operation-accept]").exists()).toBe(true);
    expect(wrapper.find("[data-test=operation-purge]").exists()).toBe(false);
    await wrapper.find("[data-test=operation-return]").trigger("click");
    await flushPromises();
    const input = document.querySelector<HTMLInputElement>(".el-dialog input")!;
    input.value = "请补充。";
    input.dispatchEvent(new Event("input"));
    await flushPromises();
    await new Promise((r) => setTimeout(r, 50));
    (document.querySelector("[data-test=operation-confirm]") as HTMLButtonElement).click();
    await flushPromises();
    const post = fetch.mock.calls.find((c) => (c[1] as RequestInit | undefined)?.method === "POST")!;
    expect(post[0]).toBe("/api/tongling-reporting/reports/7/return");
    expect(JSON.parse(String((post[1] as RequestInit).body))).toEqual({ comment: "请补充。" });
    // The record is read again: now returned, so the county may file it again.
    await flushPromises();
    expect(wrapper.find("[data-test=operation-submit]").exists()).toBe(true);
    expect(wrapper.find("[data-test=operation-return]").exists()).toBe(false);
  });
});

/**
 * Row routes of a table page (docs/console-pages.md, "Row routes"): every `:name` of a row
 * action's route is filled from the row's field of that name, so a table keyed by something
 * other than `id` — community's 设备安装位置, keyed by `deviceCode` — can remove and edit its
 * rows; `:id` keeps working on a row keyed otherwise; a route needing a field the row lacks
 * gets no button (and the plugin's author a console warning) instead of a call to a wrong URL.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import { createMemoryHistory, createRouter } from "vue-router";
import { defineComponent, nextTick } from "vue";
import type { NavPage } from "../src/api/types";
import { i18n } from "../src/i18n";
import { useNavStore } from "../src/stores/nav";
import { useSessionStore } from "../src/stores/session";
import communityZh from "../../../plugins/community/locales/zh-CN.json";
import TablePage from "../src/views/pages/TablePage.vue";
import { recordPath } from "../src/views/pages/row-routes";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

function setup() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { permissions: [] } as never;
  // The plugin's own labels (设备编码, 楼栋, 单元), as the nav answers them.
  useNavStore().nav = { jurisdiction: null, menus: [], pages: [], widgets: [], roles: {}, messages: { community: { "zh-CN": communityZh } } };
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: "/:rest(.*)*", component: defineComponent({ render: () => null }) }] });
  return { plugins: [ElementPlus, i18n, pinia, router] };
}

const setParams = {
  type: "object",
  properties: { deviceCode: { type: "string" }, buildingId: { type: "integer" }, unitId: { type: ["integer", "null"] } },
  required: ["deviceCode", "buildingId"],
};

/** The placements page as the nav answers it to a manager (community.placements.* and their routes). */
const placements: NavPage = {
  plugin: "community", key: "placements", type: "table", title: { "zh-CN": "设备安装位置", en: "Device placements" }, path: "/p/community/placements",
  action: "community.placements.list", route: { method: "GET", path: "/api/community/placements" },
  params: { type: "object", properties: { communityId: { type: "integer" } } },
  actions: {
    create: { action: "community.placements.set", route: { method: "POST", path: "/api/community/placements" }, params: setParams },
    update: { action: "community.placements.set", route: { method: "POST", path: "/api/community/placements" }, params: setParams },
    unplace: { action: "community.placements.remove", route: { method: "DELETE", path: "/api/community/placements/:deviceCode" }, params: { type: "object", properties: { deviceCode: { type: "string" } }, required: ["deviceCode"] } },
  },
  options: {
    rowKey: "deviceCode", i18n: "community.fields.placement", columns: ["deviceCode", "communityId", "buildingId", "unitId"], filters: ["communityId"],
    operations: [{ key: "unplace", title: { "zh-CN": "移除", en: "Remove" }, style: "danger", confirm: { "zh-CN": "移除后该设备不再登记在所在楼栋、单元。确定移除吗？", en: "Remove?" } }],
  },
};

const rowsOf = (placed: string[]) => ({ items: placed.map((deviceCode, i) => ({ deviceCode, communityId: 1, buildingId: 10 + i, unitId: null, jurisdictionCode: "340104001001" })) });

function server(placed: string[]) {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body });
    const m = /^\/api\/community\/placements\/([^/?]+)$/.exec(url);
    if (method === "DELETE" && m) {
      placed.splice(placed.indexOf(decodeURIComponent(m[1])), 1);
      return json({ removed: decodeURIComponent(m[1]) });
    }
    if (method === "POST") return json({ ...(body as object) });
    return json(rowsOf(placed));
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

const confirmBox = () => document.querySelector(".el-message-box__btns .el-button--primary") as HTMLButtonElement;

afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("rows keyed by deviceCode (设备安装位置)", () => {
  it("移除 asks first, then deletes that device's placement by its code and reloads without it", async () => {
    const placed = ["smoke-0101", "smoke/0102"];
    const calls = server(placed);
    const wrapper = mount(TablePage, { props: { page: placements }, global: setup(), attachTo: document.body });
    await flushPromises();
    const buttons = wrapper.findAll('[data-test="operation-unplace"]');
    expect(buttons.map((b) => b.attributes("aria-label"))).toEqual(["移除 smoke-0101", "移除 smoke/0102"]);
    // Not the generic 删除: the page declares no `remove` action.
    expect(wrapper.findAll('[data-test="row-delete"]').length).toBe(0);

    await buttons[1].trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("移除后该设备不再登记在所在楼栋、单元。确定移除吗？");
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    confirmBox().click();
    await flushPromises();
    const del = calls.filter((c) => c.method === "DELETE");
    // The code is one path segment, escaped: not the row's position, not an empty `:id`.
    expect(del.map((c) => c.url)).toEqual(["/api/community/placements/smoke%2F0102"]);
    await flushPromises();
    expect(wrapper.findAll("tbody tr").map((tr) => tr.find("td").text())).toEqual(["smoke-0101"]);
  });

  it("编辑 asks for the building and unit only and sends the row's deviceCode with them", async () => {
    const calls = server(["smoke-0101"]);
    const wrapper = mount(TablePage, { props: { page: placements }, global: setup(), attachTo: document.body });
    await flushPromises();
    const edit = wrapper.find('[data-test="row-edit"]');
    expect(edit.attributes("aria-label")).toBe("编辑 smoke-0101");
    await edit.trigger("click");
    await flushPromises();
    await nextTick();
    const dialog = document.querySelector(".el-dialog") as HTMLElement;
    expect(dialog.textContent).toContain("楼栋");
    expect(dialog.textContent).toContain("单元");
    expect(dialog.textContent).not.toContain("设备编码");
    (dialog.querySelector(".el-dialog__footer .el-button--primary") as HTMLButtonElement).click();
    await flushPromises();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.url).toBe("/api/community/placements");
    expect(post?.body).toEqual({ deviceCode: "smoke-0101", buildingId: 10 });
  });

  it("新建 asks for the device code: the row key is the user's to give when the action requires it", async () => {
    server([]);
    const wrapper = mount(TablePage, { props: { page: placements }, global: setup(), attachTo: document.body });
    await flushPromises();
    await wrapper.find('[data-test="create"]').trigger("click");
    await flushPromises();
    await nextTick();
    const dialog = document.querySelector(".el-dialog") as HTMLElement;
    expect(dialog.textContent).toContain("设备编码");
    expect(dialog.textContent).toContain("楼栋");
  });

  it("the built-in 删除 and 详情 fill :deviceCode from the row too", async () => {
    const calls = server(["smoke-0101"]);
    const page: NavPage = {
      ...placements,
      actions: {
        remove: { action: "community.placements.remove", route: { method: "DELETE", path: "/api/community/placements/:deviceCode" }, params: null },
        detail: { action: "community.placements.get", route: { method: "GET", path: "/api/community/placements/:deviceCode" }, params: null },
      },
      options: { ...placements.options, operations: [] },
    };
    const wrapper = mount(TablePage, { props: { page }, global: setup(), attachTo: document.body });
    await flushPromises();
    await wrapper.find('[aria-label="详情 smoke-0101"]').trigger("click");
    await flushPromises();
    expect(calls.filter((c) => c.method === "GET").map((c) => c.url)).toContain("/api/community/placements/smoke-0101");
    await wrapper.find('[data-test="row-delete"]').trigger("click");
    await flushPromises();
    confirmBox().click();
    await flushPromises();
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.url)).toEqual(["/api/community/placements/smoke-0101"]);
  });
});

describe("route parameters the row does not have", () => {
  it("an operation whose route needs a field the rows lack is not offered, and the author is told once", async () => {
    server(["smoke-0101", "smoke-0102"]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const page: NavPage = {
      ...placements,
      key: "placements-broken",
      actions: { ...placements.actions, unplace: { ...placements.actions.unplace, route: { method: "DELETE", path: "/api/community/placements/:code" } } },
    };
    const wrapper = mount(TablePage, { props: { page }, global: setup(), attachTo: document.body });
    await flushPromises();
    expect(wrapper.findAll('[data-test="operation-unplace"]').length).toBe(0);
    // Editing does not depend on :code and stays.
    expect(wrapper.findAll('[data-test="row-edit"]').length).toBe(2);
    const told = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("placements-broken"));
    expect(told.length).toBe(1);
    expect(told[0]).toContain(":code");
    expect(told[0]).toContain("actions.unplace");
  });

  it(":id still comes from the row key of a row without an id; a row's own id wins", () => {
    const route = { method: "GET", path: "/api/p/streets/:id" };
    expect(recordPath(route, { streetCode: "361126100" }, "streetCode")).toEqual({ path: "/api/p/streets/361126100", missing: [] });
    expect(recordPath(route, { id: 7, streetCode: "361126100" }, "streetCode").path).toBe("/api/p/streets/7");
    expect(recordPath({ method: "POST", path: "/api/p/c/:communityId/b/:buildingId" }, { communityId: 1, buildingId: "" })).toEqual({ path: null, missing: ["buildingId"] });
  });
});

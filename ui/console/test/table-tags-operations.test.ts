/**
 * A table page's `tags` and row `operations` (docs/console-pages.md): Yiyang's streets behind
 * their Y6 target read as red tags, and a fire warning still in force can be withdrawn from
 * its row (after a confirmation) — a withdrawn one offers nothing.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import { createMemoryHistory, createRouter } from "vue-router";
import { defineComponent } from "vue";
import type { NavPage } from "../src/api/types";
import { i18n } from "../src/i18n";
import { useSessionStore } from "../src/stores/session";
import TablePage from "../src/views/pages/TablePage.vue";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

function setup() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { permissions: [] } as never;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: "/:rest(.*)*", component: defineComponent({ render: () => null }) }] });
  return { plugins: [ElementPlus, i18n, pinia, router] };
}

const streets: NavPage = {
  plugin: "yiyang-fire-safety", key: "streets", type: "table", title: { "zh-CN": "乡镇进度", en: "Towns" }, path: "/p/yiyang-fire-safety/streets",
  action: "yiyang-fire-safety.progress.streets", route: { method: "GET", path: "/api/yiyang-fire-safety/progress/streets" },
  params: null, actions: {},
  options: { rowKey: "streetCode", columns: ["streetName", "status"], tags: { status: { "on-target": "success", "off-target": "danger" } } },
};

const notices: NavPage = {
  plugin: "yiyang-fire-safety", key: "notices", type: "table", title: { "zh-CN": "预警通知管理", en: "Notices" }, path: "/p/yiyang-fire-safety/notices",
  action: "yiyang-fire-safety.notices.list", route: { method: "GET", path: "/api/yiyang-fire-safety/notices" },
  params: { type: "object", properties: { page: { type: "integer" }, pageSize: { type: "integer" } } },
  actions: { withdraw: { route: { method: "POST", path: "/api/yiyang-fire-safety/notices/:id/withdraw" }, params: { type: "object", properties: { id: { type: "integer" } } } } } as never,
  options: {
    rowKey: "id", columns: ["title", "status"],
    operations: [{ key: "withdraw", title: { "zh-CN": "撤回", en: "Withdraw" }, when: { status: ["active"] }, confirm: { "zh-CN": "撤回后居民将不再看到此预警。", en: "Gone for residents." }, style: "danger" }],
  },
};

afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("table tags", () => {
  it("Y6: an off-target town's status is a red tag, an on-target one green; other columns stay text", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json([
      { streetCode: "361126100", streetName: "弋江镇", status: "off-target" },
      { streetCode: "361126101", streetName: "三县岭镇", status: "on-target" },
    ])));
    const wrapper = mount(TablePage, { props: { page: streets }, global: setup(), attachTo: document.body });
    await flushPromises();
    const tags = wrapper.findAll(".el-tag");
    expect(tags.map((t) => [t.text(), t.attributes("data-tag")])).toEqual([["off-target", "danger"], ["on-target", "success"]]);
    expect(tags[0].classes()).toContain("el-tag--danger");
    expect(wrapper.findAll("td .el-tag").length).toBe(2);
    expect(wrapper.text()).toContain("弋江镇");
  });
});

describe("flags", () => {
  it("a yes/no column reads 是 / 否, not true / false", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json([{ streetCode: "1", streetName: "弋江镇", built: true }, { streetCode: "2", streetName: "叠山镇", built: false }])));
    const page = { ...streets, options: { rowKey: "streetCode", columns: ["streetName", "built"] } };
    const wrapper = mount(TablePage, { props: { page }, global: setup(), attachTo: document.body });
    await flushPromises();
    const cells = wrapper.findAll("tbody tr").map((tr) => tr.findAll("td").slice(0, 2).map((td) => td.text()));
    expect(cells).toEqual([["弋江镇", "是"], ["叠山镇", "否"]]);
  });
});

describe("row operations", () => {
  it("a warning in force has 撤回 on its row: confirmed, it posts to that notice's route and reloads; a withdrawn one has none", async () => {
    let withdrawn = false;
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith("/withdraw")) {
        withdrawn = true;
        return json({ id: 5, status: "withdrawn" });
      }
      void init;
      return json({ items: [
        { id: 5, title: "高温天气消防预警", status: withdrawn ? "withdrawn" : "active" },
        { id: 6, title: "旧通知", status: "withdrawn" },
      ], total: 2, page: 1, pageSize: 20 });
    });
    vi.stubGlobal("fetch", fetch);
    const wrapper = mount(TablePage, { props: { page: notices }, global: setup(), attachTo: document.body });
    await flushPromises();
    const buttons = wrapper.findAll('[data-test="operation-withdraw"]');
    expect(buttons.length).toBe(1);
    expect(buttons[0].attributes("aria-label")).toBe("撤回 高温天气消防预警");
    await buttons[0].trigger("click");
    await flushPromises();
    // The confirmation names what happens; nothing is sent before it is accepted.
    expect(document.body.textContent).toContain("撤回后居民将不再看到此预警。");
    expect(fetch.mock.calls.some((c) => String(c[0]).endsWith("/withdraw"))).toBe(false);
    (document.querySelector(".el-message-box__btns .el-button--primary") as HTMLButtonElement).click();
    await flushPromises();
    const post = fetch.mock.calls.find((c) => String(c[0]).endsWith("/withdraw"));
    expect(post?.[0]).toBe("/api/yiyang-fire-safety/notices/5/withdraw");
    expect(post?.[1]?.method).toBe("POST");
    await flushPromises();
    expect(wrapper.findAll('[data-test="operation-withdraw"]').length).toBe(0);
  });
});

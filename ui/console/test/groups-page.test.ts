/**
 * A `groups` page (docs/console-pages.md): a community's buildings → units → devices as nested
 * cards, a device in alarm in red with its open alarms' titles and stages, the devices without a
 * place in their own section, the summary on top; the community chosen from the list route (or
 * typed in when the caller may not list them); read again on its period without blanking.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import { createMemoryHistory, createRouter } from "vue-router";
import { defineComponent } from "vue";
import type { NavPage } from "../src/api/types";
import { i18n } from "../src/i18n";
import { useNavStore } from "../src/stores/nav";
import { useSessionStore } from "../src/stores/session";
import GroupsPage from "../src/views/pages/GroupsPage.vue";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

async function setup(query = "") {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { permissions: [] } as never;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: "/:rest(.*)*", component: defineComponent({ render: () => null }) }] });
  await router.push(`/p/yiyang-fire-safety/community-board${query}`);
  await router.isReady();
  return { router, global: { plugins: [ElementPlus, i18n, pinia, router] } };
}

const page = (select: NavPage["select"] | undefined): NavPage => ({
  plugin: "yiyang-fire-safety", key: "community-board", type: "groups", title: { "zh-CN": "小区消防看板", en: "Community fire board" },
  path: "/p/yiyang-fire-safety/community-board", action: "yiyang-fire-safety.alarms.board",
  route: { method: "GET", path: "/api/yiyang-fire-safety/alarms/board" }, params: null, actions: {},
  ...(select ? { select } : {}),
  options: {
    groups: { path: "buildings", title: "name", items: "devices", children: { path: "units", title: "name", items: "devices" } },
    item: { key: "code", title: "name", subtitle: "code", status: "status", list: { path: "openAlarms", title: "title", tag: "stage", time: "raisedAt" } },
    rootItems: [{ path: "devices", title: { "zh-CN": "未设置安装位置的设备", en: "Devices not placed" } }],
    summary: "summary", refreshSeconds: 10, i18n: "yiyang-fire-safety.fields.board",
    enums: { status: "yiyang-fire-safety.enums.deviceStatus", stage: "yiyang-fire-safety.enums.stage" },
    tags: { status: { alarm: "danger", online: "success", offline: "info" }, stage: { new: "danger", acknowledged: "warning" } },
  },
});
const listRoute = { param: "communityId", action: "community.communities.list", route: { method: "GET", path: "/api/community/communities" }, label: "name", value: "id", title: { "zh-CN": "小区", en: "Community" } };

const smoke = (code: string, name: string, status: string, openAlarms: unknown[] = []) => ({ code, name, status, state: status === "alarm" ? "online" : status, openAlarms });
function board(alarmStage: string | null) {
  return {
    communityId: 4, communityName: "志敏花园",
    buildings: [{
      id: 1, name: "1号楼", devices: [smoke("hydrant-1", "消防水压", "online")],
      units: [
        { id: 11, name: "1单元", devices: [smoke("smoke-0101", "101室烟感", "alarm", [{ title: "烟雾浓度超限", stage: alarmStage, raisedAt: "2021-06-18T02:00:00.000Z" }])] },
        { id: 12, name: "2单元", devices: [] },
      ],
    }],
    devices: [smoke("smoke-9999", "门卫室烟感", "offline")],
    intrusions: [],
    summary: { devices: 3, online: 2, offline: 1, openAlarms: 1 },
  };
}

function messages() {
  useNavStore().nav = { jurisdiction: null, menus: [], pages: [], widgets: [], roles: {}, messages: {
    "yiyang-fire-safety": { "zh-CN": { "yiyang-fire-safety": {
      fields: { board: { devices: "设备", online: "在线", offline: "离线", openAlarms: "未关闭告警" } },
      enums: { deviceStatus: { alarm: "告警", online: "在线", offline: "离线" }, stage: { new: "待确认", acknowledged: "已确认" } },
    } } },
  } };
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("groups page", () => {
  it("draws buildings → units → devices: the device in alarm red with its alarm and stage, the unplaced ones apart, the summary on top", async () => {
    const calls: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      calls.push(url);
      if (url.startsWith("/api/community/communities")) return json({ items: [{ id: 4, name: "志敏花园" }, { id: 5, name: "龟峰小区" }], total: 2, page: 1, pageSize: 100 });
      return json(board("new"));
    }));
    const { global } = await setup("?communityId=4");
    messages();
    const wrapper = mount(GroupsPage, { props: { page: page(listRoute) }, global, attachTo: document.body });
    await flushPromises();
    expect(calls).toContain("/api/yiyang-fire-safety/alarms/board?communityId=4");
    const building = wrapper.get('[data-test="group-buildings[0]"]');
    expect(building.find(".group-title").text()).toBe("1号楼");
    expect(building.classes()).toContain("alarming");
    const units = building.findAll(".children > .group");
    expect(units.map((u) => u.find(".group-title").text())).toEqual(["1单元", "2单元"]);
    const alarm = units[0].get('[data-test="item-smoke-0101"]');
    expect(alarm.classes()).toContain("item-danger");
    expect(alarm.get(".status").text()).toBe("告警");
    expect(alarm.get('[data-test="item-entry"]').text()).toContain("烟雾浓度超限");
    expect(alarm.get('[data-test="item-entry"]').text()).toContain("待确认");
    expect(units[1].text()).toContain("暂无内容");
    expect(building.get('[data-test="item-hydrant-1"]').get(".status").attributes("data-tag")).toBe("success");
    const unplaced = wrapper.get('[data-test="section-devices"]');
    expect(unplaced.text()).toContain("未设置安装位置的设备");
    expect(unplaced.get('[data-test="item-smoke-9999"]').get(".status").text()).toBe("离线");
    const summary = wrapper.get('[data-test="groups-summary"]').text();
    expect(summary).toContain("未关闭告警");
    expect(summary).toContain("在线");
    expect(wrapper.get('[data-test="groups-updated"]').text()).toMatch(/更新于 \d{1,2}:\d{2}:\d{2}/);
  });

  it("reads the board again on its period: the handled alarm's stage changes in place, the board never blanks", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    let stage = "new";
    let release: (() => void) | null = null;
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      if (url.startsWith("/api/community/communities")) return json({ items: [{ id: 4, name: "志敏花园" }], total: 1 });
      if (stage === "acknowledged") await new Promise<void>((r) => { release = r; });
      return json(board(stage));
    }));
    const { global } = await setup("?communityId=4");
    messages();
    const wrapper = mount(GroupsPage, { props: { page: page(listRoute) }, global, attachTo: document.body });
    await flushPromises();
    expect(wrapper.get('[data-test="item-smoke-0101"]').text()).toContain("待确认");
    stage = "acknowledged";
    vi.advanceTimersByTime(10_000);
    await flushPromises();
    // While the next answer is on its way the last one stays on screen.
    expect(wrapper.get('[data-test="item-smoke-0101"]').text()).toContain("待确认");
    release!();
    await flushPromises();
    expect(wrapper.get('[data-test="item-smoke-0101"]').text()).toContain("已确认");
    wrapper.unmount();
  });

  it("asks which community first, then reads the chosen one's board and keeps it in the URL", async () => {
    const calls: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      calls.push(url);
      if (url.startsWith("/api/community/communities")) return json({ items: [{ id: 4, name: "志敏花园" }, { id: 5, name: "龟峰小区" }], total: 2 });
      return json({ ...board("new"), buildings: [], devices: [] });
    }));
    const { global, router } = await setup();
    messages();
    const wrapper = mount(GroupsPage, { props: { page: page(listRoute) }, global, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('[data-test="groups-choose"]').text()).toContain("请选择小区");
    expect(calls.filter((u) => u.includes("/alarms/board"))).toEqual([]);
    await wrapper.get('[data-test="groups-select"] .el-select__wrapper').trigger("click");
    await flushPromises();
    const option = [...document.querySelectorAll(".el-select-dropdown__item")].find((o) => o.textContent?.includes("龟峰小区")) as HTMLElement;
    option.click();
    await flushPromises();
    expect(calls).toContain("/api/yiyang-fire-safety/alarms/board?communityId=5");
    expect(router.currentRoute.value.query.communityId).toBe("5");
    // A community with nothing registered yet says so.
    expect(wrapper.get('[data-test="groups-empty"]').text()).toContain("暂无数据");
  });

  it("asks for the community's number when the caller may not list communities", async () => {
    const calls: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (url: string) => { calls.push(url); return json(board("new")); }));
    const { global } = await setup();
    messages();
    const wrapper = mount(GroupsPage, { props: { page: page({ ...listRoute, route: null }) }, global, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('[data-test="groups-select"]').exists()).toBe(false);
    const input = wrapper.get('[data-test="groups-number"] input');
    await input.setValue("4");
    await input.trigger("change");
    await flushPromises();
    expect(calls).toEqual(["/api/yiyang-fire-safety/alarms/board?communityId=4"]);
    expect(wrapper.find('[data-test="item-smoke-0101"]').exists()).toBe(true);
  });
});

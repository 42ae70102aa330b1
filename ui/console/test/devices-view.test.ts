/**
 * 设备 (#7) at unit level: the registry with online/offline, driver and profile; latest values
 * in a drawer; registering is offered only to device managers and a refusal shows the server's
 * message; ingestion rejections by reason for them too.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import type { Device } from "../src/api/devices";
import { i18n } from "../src/i18n";
import { useSessionStore } from "../src/stores/session";
import DevicesView from "../src/views/devices/DevicesView.vue";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const device = (code: string, state: Device["state"], category: string | null = "smoke-detector"): Device => ({
  code, name: `烟感 ${code}`, jurisdiction: "340104", driverPluginId: "driver-smoke-json", profileId: "smoke-v1", category, state,
  lastSeenAt: state === "online" ? new Date().toISOString() : null, createdAt: "2026-11-01T00:00:00.000Z", updatedAt: "2026-11-01T00:00:00.000Z",
});
const stats = { accepted: 10, stored: 8, pending: 0, rejected: { DEVICE_UNKNOWN: 2 }, rejectedTotal: { DEVICE_UNKNOWN: 5, JURISDICTION_MISMATCH: 1, TOPIC_INVALID: 0 }, mqtt: { kind: "embedded", port: 18830, topicPrefix: "anju" } };

function mountPage(permissions: string[], fetch: (url: string, init?: RequestInit) => Promise<Response>) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { permissions } as never;
  const spy = vi.fn(fetch);
  vi.stubGlobal("fetch", spy);
  return { w: mount(DevicesView, { global: { plugins: [ElementPlus, i18n, pinia] }, attachTo: document.body }), spy };
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("devices", () => {
  it("lists devices with their state, driver, profile and category, and opens the latest values", async () => {
    const { w } = mountPage(["devices.device:read"], async (url) => {
      if (url.includes("/latest")) return json({ device: device("SMK-1", "online"), values: [{ resource: "smoke", ts: new Date().toISOString(), quality: "good", unit: "dB/m", value: 0.12 }] });
      return json({ items: [device("SMK-1", "online"), device("SMK-2", "offline", null)], total: 2, page: 1, pageSize: 50 });
    });
    await flushPromises();
    expect(w.get('[data-test="device-category-SMK-1"]').text()).toBe("烟感");
    expect(w.get('[data-test="device-category-SMK-2"]').text()).toBe("—");
    expect(w.get('[data-test="device-state-SMK-1"]').text()).toBe("在线");
    expect(w.get('[data-test="device-state-SMK-2"]').text()).toBe("离线");
    expect(w.get('[data-test="device-state-SMK-2"]').classes()).toContain("el-tag--danger");
    expect(w.text()).toContain("driver-smoke-json");
    expect(w.text()).toContain("smoke-v1");
    // A reader neither registers devices nor sees the ingestion counters.
    expect(w.find('[data-test="device-register"]').exists()).toBe(false);
    expect(w.find('[data-test="ingest-stats"]').exists()).toBe(false);

    await w.get('[data-test="latest-SMK-1"]').trigger("click");
    await flushPromises();
    const drawer = document.body.querySelector(".el-drawer")!;
    expect(drawer.textContent).toContain("烟感 SMK-1（SMK-1）最新数据");
    expect(drawer.textContent).toContain("0.12");
    expect(drawer.textContent).toContain("dB/m");
  });

  it("lets a device manager register a device, and shows the server's refusal plainly", async () => {
    let posts = 0;
    const { w, spy } = mountPage(["devices.device:read", "devices.device:manage"], async (url, init) => {
      if (url === "/api/devices/ingest/stats") return json(stats);
      if (url === "/api/devices" && init?.method === "POST") {
        posts += 1;
        return posts === 1 ? json(device("SMK-3", "unknown")) : json({ error: { code: "DEVICE_CODE_TAKEN", message: "设备编码已被使用：SMK-3" } }, 409);
      }
      return json({ items: [device("SMK-1", "online")], total: 1, page: 1, pageSize: 50 });
    });
    await flushPromises();
    expect(w.get('[data-test="ingest-stats"]').text()).toContain("已接收消息 10，已入库读数 8");
    await w.get('[data-test="ingest-stats"] .el-collapse-item__header').trigger("click");
    await flushPromises();
    expect(w.get('[data-test="ingest-stats"]').text()).toContain("设备未登记");
    expect(w.get('[data-test="ingest-stats"]').text()).not.toContain("主题格式不符");

    await w.get('[data-test="device-register"]').trigger("click");
    await flushPromises();
    const fill = async () => {
      for (const [field, value] of [["reg-code", "SMK-3"], ["reg-name", "3 号楼烟感"], ["reg-driver", "driver-smoke-json"], ["reg-profile", "smoke-v1"]]) {
        const input = document.body.querySelector<HTMLInputElement>(`[data-test="${field}"] input`) ?? document.body.querySelector<HTMLInputElement>(`input[data-test="${field}"]`)!;
        input.value = value;
        input.dispatchEvent(new Event("input"));
      }
      await flushPromises();
      document.body.querySelector<HTMLButtonElement>('[data-test="reg-submit"]')!.click();
      await flushPromises();
      await new Promise((r) => setTimeout(r, 50));
      await flushPromises();
    };
    await fill();
    const post = spy.mock.calls.find(([u, i]) => u === "/api/devices" && i?.method === "POST")!;
    expect(JSON.parse(String(post[1]!.body))).toEqual({ code: "SMK-3", name: "3 号楼烟感", driverPluginId: "driver-smoke-json", profileId: "smoke-v1" });
    expect(document.body.querySelector(".el-message--success")?.textContent).toContain("已登记设备 SMK-3");

    await w.get('[data-test="device-register"]').trigger("click");
    await flushPromises();
    await fill();
    expect(document.body.querySelector(".el-message--error")?.textContent).toContain("设备编码已被使用：SMK-3");
  });
});

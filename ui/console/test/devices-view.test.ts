/**
 * 设备 (#7) at unit level: the registry with online/offline, driver and profile; latest values
 * in a drawer; registering is offered only to device managers and a refusal shows the server's
 * message; ingestion rejections by reason for them too. The MQTT secret (接入密钥) is issued or
 * rotated from a row by device managers only, shown once and forgotten when its dialog closes.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, getActivePinia, setActivePinia } from "pinia";
import type { Device } from "../src/api/devices";
import { i18n } from "../src/i18n";
import { useSessionStore } from "../src/stores/session";
import DevicesView from "../src/views/devices/DevicesView.vue";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const device = (code: string, state: Device["state"], category: string | null = "smoke-detector", credentialIssuedAt: string | null = null): Device => ({
  code, name: `烟感 ${code}`, jurisdiction: "340104", driverPluginId: "driver-smoke-json", profileId: "smoke-v1", category, state,
  lastSeenAt: state === "online" ? new Date().toISOString() : null, createdAt: "2026-11-01T00:00:00.000Z", updatedAt: "2026-11-01T00:00:00.000Z",
  credentialIssuedAt,
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
  vi.restoreAllMocks();
});

const SECRET = "s3cr3t-Zq9xW2vK7mP4nR8tY1uB6cD0eF5gH3jL";
const ISSUED = "2026-11-02T08:30:00.000Z";
const credentialAnswer = (code: string, rotated: boolean) => ({
  code, username: code, secret: SECRET, issuedAt: ISSUED, rotated, topic: `anju/340104/${code}/`, requireDeviceAuth: true,
});
const settle = async () => {
  await flushPromises();
  await new Promise((r) => setTimeout(r, 50));
  await flushPromises();
};
const dialog = () => document.body.querySelector<HTMLElement>('[data-test="credential-dialog"]') ?? document.body.querySelector<HTMLElement>(".el-dialog");
/** Every string the component's own state (and the stores) hold, however deep (the secret must not linger there). */
function heldStrings(w: { vm: unknown }): string[] {
  const seen = new WeakSet<object>();
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "string") { out.push(v); return; }
    if (v === null || typeof v !== "object" || depth > 8 || seen.has(v) || v instanceof Node || "$el" in v) return; // a child component is not this page's state
    seen.add(v);
    for (const k of Object.keys(v)) {
      try { walk((v as Record<string, unknown>)[k], depth + 1); } catch { /* a getter that throws holds nothing */ }
    }
  };
  const setup = (w.vm as { $: { setupState: Record<string, unknown> } }).$.setupState;
  for (const k of Object.keys(setup)) walk(setup[k], 0);
  walk(getActivePinia()!.state.value, 0);
  return out;
}

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

  it("issues a device's secret once: shown with username, topic and the only-once warning, copied, and forgotten when the dialog closes", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { w, spy } = mountPage(["devices.device:read", "devices.device:manage"], async (url, init) => {
      if (url === "/api/devices/ingest/stats") return json(stats);
      if (url === "/api/devices/SMK-1/credential" && init?.method === "POST") return json(credentialAnswer("SMK-1", false));
      return json({ items: [device("SMK-1", "online")], total: 1, page: 1, pageSize: 50 });
    });
    await flushPromises();
    expect(w.get('[data-test="device-credential-SMK-1"]').text()).toBe("未签发");
    expect(w.get('[data-test="credential-SMK-1"]').text()).toBe("签发接入密钥");

    await w.get('[data-test="credential-SMK-1"]').trigger("click");
    await settle();
    // No confirmation for a first issue.
    expect(document.body.querySelector(".el-message-box")).toBeNull();
    expect(spy.mock.calls.filter(([u, i]) => u === "/api/devices/SMK-1/credential" && i?.method === "POST")).toHaveLength(1);
    const d = dialog()!;
    expect(d.textContent).toContain("密钥只显示这一次，请立即配置到设备");
    expect(d.querySelector('[data-test="credential-username"]')!.textContent).toBe("SMK-1");
    expect(d.querySelector('[data-test="credential-secret"]')!.textContent).toBe(SECRET);
    expect(d.querySelector('[data-test="credential-topic"]')!.textContent).toContain("anju/340104/SMK-1/");
    // The row now says when it was issued, and offers rotation instead.
    expect(w.get('[data-test="device-credential-SMK-1"]').text()).toContain("已签发");
    expect(w.get('[data-test="credential-SMK-1"]').text()).toBe("轮换密钥");

    d.querySelector<HTMLButtonElement>('[data-test="credential-copy"]')!.click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(document.body.querySelector(".el-message--success")?.textContent).toContain("已复制密钥");

    expect(heldStrings(w).some((x) => x.includes(SECRET))).toBe(true); // the probe sees it while shown
    document.body.querySelector<HTMLButtonElement>('[data-test="credential-done"]')!.click();
    await settle();
    await new Promise((r) => setTimeout(r, 400));
    await flushPromises();
    expect(document.body.textContent).not.toContain(SECRET);
    expect(heldStrings(w).some((x) => x.includes(SECRET))).toBe(false);
    // The list holds only the time, never the secret.
    expect(JSON.stringify(w.findAll("tr").map((r) => r.text()))).not.toContain(SECRET);
  });

  it("asks before rotating a secret (the old one stops working, sessions are closed) and sends nothing when cancelled", async () => {
    const { w, spy } = mountPage(["devices.device:read", "devices.device:manage"], async (url, init) => {
      if (url === "/api/devices/ingest/stats") return json(stats);
      if (url === "/api/devices/SMK-1/credential" && init?.method === "POST") return json(credentialAnswer("SMK-1", true));
      return json({ items: [device("SMK-1", "online", "smoke-detector", "2026-11-01T02:00:00.000Z")], total: 1, page: 1, pageSize: 50 });
    });
    await flushPromises();
    expect(w.get('[data-test="device-credential-SMK-1"]').text()).toContain("已签发");
    expect(w.get('[data-test="credential-SMK-1"]').text()).toBe("轮换密钥");
    const posts = () => spy.mock.calls.filter(([u, i]) => u === "/api/devices/SMK-1/credential" && i?.method === "POST").length;

    await w.get('[data-test="credential-SMK-1"]').trigger("click");
    await settle();
    let box = document.body.querySelector<HTMLElement>(".el-message-box")!;
    expect(box.textContent).toContain("旧密钥立即失效");
    expect(box.textContent).toContain("断开");
    expect(posts()).toBe(0);
    box.querySelector<HTMLButtonElement>(".el-message-box__btns .el-button:not(.el-button--primary)")!.click();
    await settle();
    await new Promise((r) => setTimeout(r, 400));
    expect(posts()).toBe(0);
    expect(document.body.textContent).not.toContain(SECRET);

    await w.get('[data-test="credential-SMK-1"]').trigger("click");
    await settle();
    box = [...document.body.querySelectorAll<HTMLElement>(".el-message-box")].at(-1)!;
    box.querySelector<HTMLButtonElement>(".el-message-box__btns .el-button--primary")!.click();
    await settle();
    expect(posts()).toBe(1);
    const d = dialog()!;
    expect(d.textContent).toContain("新接入密钥");
    expect(d.textContent).toContain("旧密钥已失效");
    expect(d.querySelector('[data-test="credential-secret"]')!.textContent).toBe(SECRET);
  });

  it("offers no secret action to users who may only read devices, but shows whether one was issued", async () => {
    const { w } = mountPage(["devices.device:read"], async () =>
      json({ items: [device("SMK-1", "online", "smoke-detector", "2026-11-01T02:00:00.000Z"), device("SMK-2", "offline")], total: 2, page: 1, pageSize: 50 }));
    await flushPromises();
    expect(w.find('[data-test="credential-SMK-1"]').exists()).toBe(false);
    expect(w.find('[data-test="credential-SMK-2"]').exists()).toBe(false);
    expect(w.get('[data-test="device-credential-SMK-1"]').text()).toContain("已签发");
    expect(w.get('[data-test="device-credential-SMK-2"]').text()).toBe("未签发");
  });

  it("shows the server's zh-CN message when issuing fails, and no secret dialog", async () => {
    const { w } = mountPage(["devices.device:read", "devices.device:manage"], async (url, init) => {
      if (url === "/api/devices/ingest/stats") return json(stats);
      if (url === "/api/devices/SMK-9/credential" && init?.method === "POST") return json({ error: { code: "DEVICE_NOT_FOUND", message: "设备不存在：SMK-9" } }, 404);
      return json({ items: [device("SMK-9", "unknown")], total: 1, page: 1, pageSize: 50 });
    });
    await flushPromises();
    await w.get('[data-test="credential-SMK-9"]').trigger("click");
    await settle();
    expect(document.body.querySelector(".el-message--error")?.textContent).toContain("设备不存在：SMK-9");
    expect(document.body.querySelector('[data-test="credential-secret"]')).toBeNull();
    expect(w.get('[data-test="device-credential-SMK-9"]').text()).toBe("未签发");
  });
});

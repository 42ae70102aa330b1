/**
 * 实时告警 (#7) at unit level: the open alarms from the list route, then live frames from a fake
 * EventSource — a raised alarm goes on top, highlighted; a change by someone else updates its
 * row; the tag follows the connection; acknowledge/close are offered only to alarm handlers and
 * a refusal shows the server's message; leaving the page closes the stream.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import type { Alarm, AlarmFrame } from "../src/api/devices";
import { i18n } from "../src/i18n";
import { useSessionStore } from "../src/stores/session";
import LiveAlarmsView from "../src/views/devices/LiveAlarmsView.vue";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, Array<(e: MessageEvent) => void>>();
  constructor(readonly url: string, readonly init?: EventSourceInit) { FakeEventSource.all.push(this); }
  addEventListener(type: string, fn: (e: MessageEvent) => void) { this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]); }
  close() { this.readyState = FakeEventSource.CLOSED; }
  // Test side: what the server and the network do.
  open() { this.readyState = FakeEventSource.OPEN; this.onopen?.(); }
  drop(closed = false) { this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING; this.onerror?.(); }
  send(frame: AlarmFrame) { for (const fn of this.listeners.get("alarm") ?? []) fn(new MessageEvent("alarm", { data: JSON.stringify(frame) })); }
}

const alarm = (over: Partial<Alarm>): Alarm => ({
  id: "00000000-0000-4000-8000-000000000001", deviceCode: "SMK-1", jurisdiction: "340104", ruleId: "smoke-high", kind: "threshold",
  severity: "major", resource: "smoke", title: { "zh-CN": "烟雾浓度超限", en: "Smoke level high" }, status: "open", value: 0.4, occurrences: 1,
  raisedAt: Date.UTC(2026, 10, 23, 8), clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, escalatedAt: null, escalationLevel: 0,
  closedAt: null, closedBy: null, closeReason: null, ...over,
});
const older = alarm({});
const fresh = alarm({ id: "00000000-0000-4000-8000-000000000002", deviceCode: "SMK-2", severity: "critical", title: { "zh-CN": "火警", en: "Fire" } });

function mountPage(permissions: string[], fetch: (url: string, init?: RequestInit) => Promise<Response>) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().me = { permissions } as never;
  vi.stubGlobal("fetch", vi.fn(fetch));
  vi.stubGlobal("EventSource", FakeEventSource);
  return mount(LiveAlarmsView, { global: { plugins: [ElementPlus, i18n, pinia] }, attachTo: document.body });
}

const rowTexts = (w: ReturnType<typeof mountPage>) => w.findAll("tbody tr").map((r) => r.text());

afterEach(() => {
  document.body.innerHTML = "";
  FakeEventSource.all = [];
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("live alarms", () => {
  it("lists the open alarms, then shows a raised one on top, highlighted, without a reload", async () => {
    const fetch = vi.fn(async (_url: string) => json({ items: [older], total: 1, page: 1, pageSize: 200 }));
    const w = mountPage(["devices.alarm:read"], fetch);
    await flushPromises();
    expect(String(fetch.mock.calls[0][0])).toBe("/api/devices/alarms?status=active&pageSize=200");
    expect(rowTexts(w)).toHaveLength(1);
    expect(FakeEventSource.all).toHaveLength(1);
    expect(FakeEventSource.all[0].url).toBe("/api/devices/alarms/stream");

    FakeEventSource.all[0].open();
    FakeEventSource.all[0].send({ event: "raised", alarm: fresh, by: "system", at: Date.now() });
    await flushPromises();
    const rows = w.findAll("tbody tr");
    expect(rows[0].text()).toContain("火警");
    expect(rows[0].text()).toContain("SMK-2");
    expect(rows[0].classes()).toContain("alarm-new");
    expect(rows[1].classes()).not.toContain("alarm-new");
    expect(w.get(`[data-test="severity-${fresh.id}"]`).text()).toBe("紧急");
    expect(w.get(`[data-test="severity-${fresh.id}"]`).classes()).toContain("el-tag--danger");
    expect(w.get(`[data-test="severity-${older.id}"]`).classes()).toContain("el-tag--warning");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("updates a row when someone else acknowledges or closes the alarm", async () => {
    const w = mountPage(["devices.alarm:read"], async () => json({ items: [older], total: 1, page: 1, pageSize: 200 }));
    await flushPromises();
    FakeEventSource.all[0].open();
    FakeEventSource.all[0].send({ event: "acknowledged", alarm: { ...older, status: "acknowledged", acknowledgedBy: "u2" }, by: "u2", at: Date.now() });
    await flushPromises();
    expect(w.get(`[data-test="status-${older.id}"]`).text()).toBe("已确认");
    FakeEventSource.all[0].send({ event: "closed", alarm: { ...older, status: "closed" }, by: "u2", at: Date.now() });
    await flushPromises();
    expect(w.get(`[data-test="status-${older.id}"]`).text()).toBe("已关闭");
    expect(rowTexts(w)).toHaveLength(1);
  });

  it("says 已连接 while the stream is open and 重连中 while it is down; a stream the server ended is reopened after a reload of the list", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const fetch = vi.fn(async (_url: string) => json({ items: [older], total: 1, page: 1, pageSize: 200 }));
    const w = mountPage(["devices.alarm:read"], fetch);
    await flushPromises();
    const state = () => w.get('[data-test="stream-state"]').text();
    expect(state()).toBe("连接中");
    FakeEventSource.all[0].open();
    await flushPromises();
    expect(state()).toBe("已连接");

    // The browser retries a dropped connection by itself; when it is back, what was missed is reloaded.
    FakeEventSource.all[0].drop();
    await flushPromises();
    expect(state()).toBe("重连中");
    FakeEventSource.all[0].open();
    await flushPromises();
    expect(state()).toBe("已连接");
    expect(fetch).toHaveBeenCalledTimes(2);

    // The server refused the stream (e.g. 401): the page reloads the list and opens a new one.
    FakeEventSource.all[0].drop(true);
    await flushPromises();
    expect(state()).toBe("重连中");
    await vi.advanceTimersByTimeAsync(3000);
    await flushPromises();
    expect(FakeEventSource.all).toHaveLength(2);
    expect(fetch).toHaveBeenCalledTimes(3);
    FakeEventSource.all[1].open();
    await flushPromises();
    expect(state()).toBe("已连接");
  });

  it("closes the stream when the page is left", async () => {
    const w = mountPage(["devices.alarm:read"], async () => json({ items: [], total: 0, page: 1, pageSize: 200 }));
    await flushPromises();
    const es = FakeEventSource.all[0];
    es.open();
    w.unmount();
    expect(es.readyState).toBe(FakeEventSource.CLOSED);
  });

  it("offers acknowledge and close only to alarm handlers", async () => {
    const reader = mountPage(["devices.alarm:read"], async () => json({ items: [older], total: 1, page: 1, pageSize: 200 }));
    await flushPromises();
    expect(reader.find(`[data-test="ack-${older.id}"]`).exists()).toBe(false);
    expect(reader.find(`[data-test="close-${older.id}"]`).exists()).toBe(false);
    reader.unmount();
    document.body.innerHTML = "";

    const handler = mountPage(["devices.alarm:read", "devices.alarm:handle"], async () => json({ items: [older], total: 1, page: 1, pageSize: 200 }));
    await flushPromises();
    expect(handler.find(`[data-test="ack-${older.id}"]`).exists()).toBe(true);
    expect(handler.find(`[data-test="close-${older.id}"]`).exists()).toBe(true);
  });

  it("acknowledges an alarm (the row says so) and shows the server's message when it refuses", async () => {
    let acks = 0;
    const w = mountPage(["devices.alarm:read", "devices.alarm:handle"], async (url, init) => {
      if (url.endsWith("/acknowledge") && init?.method === "POST") {
        acks += 1;
        if (acks === 1) return json({ ...older, status: "acknowledged", acknowledgedBy: "u1" });
        return json({ error: { code: "ALARM_STATE_CONFLICT", message: "告警当前为“已确认”，不能确认" } }, 409);
      }
      return json({ items: [older, { ...fresh, status: "open" }], total: 2, page: 1, pageSize: 200 });
    });
    await flushPromises();
    await w.get(`[data-test="ack-${older.id}"]`).trigger("click");
    await flushPromises();
    expect(w.get(`[data-test="status-${older.id}"]`).text()).toBe("已确认");
    expect(w.find(`[data-test="ack-${older.id}"]`).exists()).toBe(false);

    await w.get(`[data-test="ack-${fresh.id}"]`).trigger("click");
    await flushPromises();
    expect(document.body.querySelector(".el-message--error")?.textContent).toContain("告警当前为“已确认”，不能确认");
    expect(w.get(`[data-test="status-${fresh.id}"]`).text()).toBe("未处理");
  });
});

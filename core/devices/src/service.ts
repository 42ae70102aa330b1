/**
 * The `devices` service. Every action declares its permission (the RBAC slot enforces it, the
 * OpenAPI document shows it) and checks it again in the handler, so a node without RBAC
 * refuses rather than allows. The jurisdiction is always the verified context's. Changes audit
 * themselves (`audit: false` keeps the audit slot from recording them twice).
 */
import type { Context, ServiceSchema } from "moleculer";
import { asSystem } from "@anju/data";
import { authorize, defineActions, hostOf, type AnjuActionSchema } from "@anju/kernel";
import { callerOf, subtreeCondition, type Caller } from "./caller.js";
import { DevicesPermissions as P } from "./constants.js";
import { STREAM_EVENT, type AlarmEvent } from "./alarms/events.js";
import { acknowledge, close, visibleAlarm } from "./alarms/lifecycle.js";
import { listAlarms } from "./alarms/store.js";
import { RejectionCounters } from "./ingest/counters.js";
import { Params } from "./params.js";
import { raise, type RaiseParams } from "./alarms/raise.js";
import { countByCategory, DEVICE_CHANGED_EVENT, issueCredential, latest, list, register, update, visibleDevice, view } from "./registry/handlers.js";
import { runtimeOf, type DevicesRuntime } from "./runtime.js";

type Handler<T> = (rt: DevicesRuntime, caller: Caller, params: T, ctx: Context<T>) => Promise<unknown>;

function action<T>(permission: string, params: Record<string, unknown>, handler: Handler<T>): AnjuActionSchema {
  return {
    permission,
    audit: false,
    params: params as AnjuActionSchema["params"],
    async handler(ctx: Context<T>) {
      const rc = await authorize(ctx, permission);
      const rt = runtimeOf(hostOf(ctx.broker));
      return handler(rt, await callerOf(rt.host, rc), ctx.params, ctx);
    },
  };
}

type Code = { code: string };
type Id = { id: string };

async function alarmsOf(rt: DevicesRuntime, caller: Caller, p: { page: number; pageSize: number; status?: string; deviceCode?: string }) {
  const cond = subtreeCondition(caller, "a");
  let where = cond.sql;
  const params = [...cond.params];
  if (p.status === "active") where += " AND a.status <> 'closed'";
  else if (p.status) { where += " AND a.status = ?"; params.push(p.status); }
  if (p.deviceCode) { where += " AND a.device_code = ?"; params.push(p.deviceCode); }
  const { items, total } = await asSystem("devices: list alarms", () => listAlarms(rt.host.ds, where, params, p.pageSize, (p.page - 1) * p.pageSize));
  return { items, total, page: p.page, pageSize: p.pageSize };
}

export function devicesService(): ServiceSchema {
  return {
    name: "devices",
    actions: defineActions({
      list: action(P.deviceRead, Params.list, (rt, caller, p: { page: number; pageSize: number; state?: string; jurisdiction?: string }) => list(rt, caller, p)),
      get: action<Code>(P.deviceRead, Params.byCode, async (rt, caller, p) => view(await visibleDevice(rt, caller, p.code))),
      register: action<Parameters<typeof register>[2]>(P.deviceManage, Params.register, register),
      update: action<Parameters<typeof update>[2]>(P.deviceManage, Params.update, update),
      latest: action<Code>(P.deviceRead, Params.byCode, (rt, caller, p) => latest(rt, caller, p.code)),
      ingestStats: action(P.deviceManage, Params.stats, async (rt) => ({
        accepted: rt.counters.accepted,
        stored: rt.counters.stored,
        pending: rt.pipeline.pending + rt.writer.pending,
        rejected: rt.counters.snapshot(),
        rejectedTotal: await asSystem("devices: stats", () => RejectionCounters.stored(rt.host.ds)),
        mqtt: rt.mqtt ? { kind: rt.mqtt.kind, port: rt.mqtt.port, topicPrefix: rt.mqttSettings.topicPrefix, requireDeviceAuth: rt.mqtt.kind === "embedded" && rt.mqttSettings.requireDeviceAuth } : null,
      })),
      alarms: action(P.alarmRead, Params.alarms, (rt, caller, p: Parameters<typeof alarmsOf>[2]) => alarmsOf(rt, caller, p)),
      alarm: action<Id>(P.alarmRead, Params.alarm, (rt, caller, p) => visibleAlarm(rt, caller, p.id)),
      acknowledge: action<Id>(P.alarmHandle, Params.alarm, (rt, caller, p) => acknowledge(rt, caller, p.id)),
      close: action<Id & { reason: string }>(P.alarmHandle, Params.close, (rt, caller, p) => close(rt, caller, p.id, p.reason)),
      "registry.issueCredential": action<Code>(P.deviceManage, Params.byCode, issueCredential),
      "registry.countByCategory": action<{ jurisdiction?: string }>(P.deviceRead, Params.countByCategory, countByCategory),
      // Raising an alarm by hand or from a plugin's event logic is handling work: the same permission as acknowledge/close.
      "alarms.raise": action<RaiseParams>(P.alarmHandle, Params.raise, raise),
      alarmStream: action(P.alarmRead, Params.stream, async (rt, caller, _p, ctx) => {
        const meta = ctx.meta as Record<string, unknown>;
        meta.$responseType = "text/event-stream; charset=utf-8";
        meta.$responseHeaders = { "Cache-Control": "no-cache, no-store", "X-Accel-Buffering": "no" };
        return rt.streams.open(caller);
      }),
    }),
    events: {
      [STREAM_EVENT]: {
        handler(this: { broker: Context["broker"] }, ctx: Context<AlarmEvent>) {
          runtimeOf(hostOf(this.broker)).streams.publish(ctx.params);
        },
      },
      [DEVICE_CHANGED_EVENT]: {
        handler(this: { broker: Context["broker"] }, ctx: Context<{ code?: unknown; credential?: unknown }>) {
          if (typeof ctx.params?.code !== "string") return;
          const rt = runtimeOf(hostOf(this.broker));
          rt.devices.invalidate(ctx.params.code);
          // A rotated secret: sessions signed in with the old one on this node end too.
          if (ctx.params.credential === true) rt.mqttGuard?.disconnect(ctx.params.code);
        },
      },
    },
  };
}

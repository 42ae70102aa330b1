/**
 * Alarms from events rather than readings (`devices.alarms.raise`), e.g. an intrusion a plugin
 * found in access-control events. They enter the same lifecycle as reading-driven alarms — one
 * open alarm per device and rule, the `devices.alarm.raised` event and the live stream,
 * acknowledge / escalate / close, audit — but are of kind "event": no rule watches them, so
 * neither readings nor the clock clear them; people close them.
 */
import type { Caller } from "../caller.js";
import { DevicesAuditActions } from "../constants.js";
import type { Severity } from "../contract.js";
import { isDuplicateKey } from "../db.js";
import { visibleDevice } from "../registry/handlers.js";
import type { DevicesRuntime } from "../runtime.js";
import { emitAlarm } from "./events.js";
import { inTransaction } from "./lifecycle.js";
import { raiseEventRow, type Alarm } from "./store.js";

export interface RaiseParams {
  deviceCode: string; ruleId: string; severity: Severity; titleZh: string; titleEn: string; resource?: string; value?: unknown; at?: number;
}

export async function raise(rt: DevicesRuntime, caller: Caller, p: RaiseParams): Promise<{ alarm: Alarm; created: boolean }> {
  // Another jurisdiction's device, or none: DEVICE_NOT_FOUND.
  const device = await visibleDevice(rt, caller, p.deviceCode);
  const input = {
    deviceCode: device.code, jurisdiction: device.jurisdiction, ruleId: p.ruleId, severity: p.severity,
    title: { "zh-CN": p.titleZh, en: p.titleEn }, resource: p.resource ?? "*", value: p.value, at: p.at ?? Date.now(),
  };
  const once = () => inTransaction(rt, "devices: raise event alarm", (qr) => raiseEventRow(qr, input));
  let out: { alarm: Alarm; created: boolean };
  try {
    out = await once();
  } catch (err) {
    // Two raises at once both found nothing open: the second insert hits the open-alarm key and counts an occurrence instead.
    if (!isDuplicateKey(err)) throw err;
    out = await once();
  }
  await rt.host.audit({
    action: DevicesAuditActions.raise, object: out.alarm.id, result: "success", userId: caller.rc.principal.id, jurisdiction: device.jurisdiction,
    ip: caller.rc.ip ?? null, detail: { deviceCode: device.code, ruleId: p.ruleId, severity: p.severity, created: out.created, occurrences: out.alarm.occurrences },
  });
  // The device's own path (the registry cache of this node may not hold it): the live streams filter by it.
  if (out.created) {
    emitAlarm(rt.host.broker, {
      event: "raised", alarm: out.alarm, jurisdiction: device.jurisdiction, jurisdictionPath: device.jurisdictionPath, by: caller.rc.principal.id, at: Date.now(),
    });
  }
  return out;
}

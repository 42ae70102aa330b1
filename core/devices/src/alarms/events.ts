/**
 * Alarm events. Each change is emitted once under its public name (`devices.alarm.raised` …,
 * balanced: one instance of each subscribing service handles it, e.g. one work order) and
 * broadcast once to every node's `devices` service, which feeds the live streams connected
 * there. The payload names the jurisdiction (code and path) so consumers can scope it.
 */
import type { ServiceBroker } from "moleculer";
import { AlarmEvents } from "../constants.js";
import type { Alarm } from "./store.js";

export type AlarmEventKind = keyof typeof AlarmEvents;

export interface AlarmEvent {
  event: AlarmEventKind;
  alarm: Alarm;
  jurisdiction: string;
  jurisdictionPath: string;
  /** Who acted (a user id, or "system"). */
  by: string;
  at: number;
}

/** Internal: every node hears it (live streams). */
export const STREAM_EVENT = "devices.$alarmStream";

export function emitAlarm(broker: ServiceBroker, e: AlarmEvent): void {
  void broker.emit(AlarmEvents[e.event], e);
  void broker.broadcast(STREAM_EVENT, e);
}

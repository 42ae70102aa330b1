/** Which engine serves which broker (one process may run several nodes, as the tests do). */
import type { ServiceBroker } from "moleculer";
import type { Principal } from "@anju/kernel";
import type { RbacEngine } from "./engine.js";

const engines = new WeakMap<ServiceBroker, RbacEngine>();

export function registerEngine(broker: ServiceBroker, engine: RbacEngine): void {
  engines.set(broker, engine);
}

export function unregisterEngine(broker: ServiceBroker, engine: RbacEngine): void {
  if (engines.get(broker) === engine) engines.delete(broker);
}

/** The node's engine, or undefined when the `rbac` service does not run (yet) on this broker. */
export function engineOf(broker: ServiceBroker): RbacEngine | undefined {
  return engines.get(broker);
}

/** The Casbin subject of a principal: users by id; service principals apart so ids cannot collide. */
export function subjectOf(principal: Readonly<Principal>): string {
  return principal.kind === "service" ? `service:${principal.id}` : principal.id;
}

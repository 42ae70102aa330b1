/**
 * "May the caller do X here?" asked once per permission per request: the host's authorizer
 * (RBAC) when a module provides one, else the kernel's interim role table.
 */
import { can, hostOf, type RequestContext } from "@anju/kernel";
import type { ServiceBroker } from "moleculer";

export type PermissionCheck = (permission: string | null | undefined) => Promise<boolean>;

export function permissionCheck(broker: ServiceBroker, rc: Readonly<RequestContext>): PermissionCheck {
  const host = hostOf(broker);
  const memo = new Map<string, Promise<boolean>>();
  return (permission) => {
    if (!permission) return Promise.resolve(true);
    let answer = memo.get(permission);
    if (!answer) {
      answer = host.authorizer ? host.authorizer.can(rc, permission, rc.jurisdiction) : Promise.resolve(can(rc, permission));
      memo.set(permission, answer);
    }
    return answer;
  };
}

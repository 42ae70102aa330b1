/**
 * A test host with the community and Yiyang plugins over a small Jiangxi tree (上饶市 with 弋阳县
 * and its two towns, and 余干县 next door), the privacy module (rental registrations and the
 * registry's contact phones are encrypted) and an audit sink that keeps what the plugin
 * records. The node's clock is fixed: server time decides which target is in force.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { systemContext, type AnjuHost, type AuditEvent } from "@anju/kernel";
import { createTestHost, type TestHost } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { privacyModule } from "@anju/privacy";
import { auditCapture, beijing, userContext as user } from "@anju/sdk/testing";
import { YiyangActions as A } from "../src/actions.js";
import { setClock } from "../src/clock.js";
import type { StandardItem } from "../src/constants.js";

export const PLUGINS_DIR = path.join(__dirname, "../..");
export const PLUGIN = "yiyang-fire-safety";

export const TREE = {
  province: "360000",
  shangrao: "361100",
  yiyang: "361126",
  yijiang: "361126100",
  dieshan: "361126101",
  yugan: "361127",
  yuganTown: "361127100",
} as const;

export async function seedTree(host: AnjuHost): Promise<void> {
  const j = host.jurisdictions;
  await j.add({ code: TREE.province, name: "江西省", level: "province" });
  await j.add({ code: TREE.shangrao, name: "上饶市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.yiyang, name: "弋阳县", level: "county", parentCode: TREE.shangrao });
  await j.add({ code: TREE.yijiang, name: "弋江镇", level: "street", parentCode: TREE.yiyang });
  await j.add({ code: TREE.dieshan, name: "叠山镇", level: "street", parentCode: TREE.yiyang });
  await j.add({ code: TREE.yugan, name: "余干县", level: "county", parentCode: TREE.shangrao });
  await j.add({ code: TREE.yuganTown, name: "玉亭镇", level: "street", parentCode: TREE.yugan });
}

export const ROLES = {
  official: ["yiyang-county-official"],
  police: ["yiyang-community-police"],
  property: ["yiyang-property-operator"],
  resident: ["yiyang-resident"],
} as const;

/** Shared with every plugin's tests (`@anju/sdk/testing`); re-exported under this suite's names. */
export { auditCapture, beijing, rejectionOf, userContext as user } from "@anju/sdk/testing";

export interface YiyangHost {
  readonly t: TestHost;
  readonly host: AnjuHost;
  readonly audit: AuditEvent[];
  at(when: string | Date): Date;
  call<T = any>(action: string, params: Record<string, unknown>, jurisdiction: string, roles: readonly string[], id?: string): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read results loosely
  system<T = any>(action: string, params: Record<string, unknown>, jurisdiction: string): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
}

/** One node per `describe`: the plugin enabled at 弋阳县 and 余干县, the clock at 2021-06-01. */
export function useYiyangHost(kind: "sqlite" | "mysql"): YiyangHost {
  let t: TestHost | undefined;
  const capture = auditCapture();
  let now = beijing("2021-06-01 09:00:00");
  beforeAll(async () => {
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anju-yy-keys-")), "pi-keys.json");
    t = await createTestHost({ db: kind, pluginDirs: [PLUGINS_DIR], modules: [privacyModule({ keyFile }), capture.module] });
    setClock(t.host.broker, () => now);
    await seedTree(t.host);
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.province);
    await t.host.plugins.install(PLUGIN);
    await t.host.plugins.enable(PLUGIN, TREE.yiyang);
    await t.host.plugins.enable(PLUGIN, TREE.yugan);
  });
  afterAll(async () => { await t?.stop(); });
  return {
    get t() { return t!; },
    get host() { return t!.host; },
    get audit() { return capture.events; },
    at(when) {
      now = typeof when === "string" ? beijing(when) : when;
      return now;
    },
    call(action, params, jurisdiction, roles, id) {
      return t!.host.call(action, params, user(jurisdiction, roles, id));
    },
    system(action, params, jurisdiction) {
      return t!.host.call(action, params, systemContext(jurisdiction));
    },
  };
}


let seq = 0;

/** Everything the default standard asks for, from the registry's side. */
export const STANDARD_REGISTRY = {
  facilities: [{ type: "physical-protection" }, { type: "video-surveillance", cameras: 1 }],
  accessPoints: [{ kind: "pedestrian-gate", credentials: ["face", "card"] }],
};
export const STANDARD_DECLARED: StandardItem[] = ["video-coverage", "smoke-detectors", "electricity-monitors"];
export const ENHANCED_DECLARED: StandardItem[] = [...STANDARD_DECLARED, "water-pressure-sensors", "transmission-device", "elevator-terminals"];

export type Level = "none" | "standard" | "enhanced";

/**
 * A community registered through the community plugin (as the system, in its street) and, for
 * `level`, given what that level needs: the registry's facilities and access points and the
 * declarations of the rest.
 */
export async function community(h: YiyangHost, street: string, spec: { level?: Level; buildYear?: number; communityClass?: "old" | "non-old" | "new"; name?: string } = {}): Promise<{ id: number; jurisdictionCode: string }> {
  seq += 1;
  const c = await h.system<{ id: number; jurisdictionCode: string }>(C.communities.create, {
    name: spec.name ?? `测试小区${seq}`, streetCode: street, buildYear: spec.buildYear ?? 2010, ...(spec.communityClass ? { communityClass: spec.communityClass } : {}),
    custodian: "测试物业", maintainer: "测试科技",
  }, street);
  const level = spec.level ?? "none";
  if (level === "none") return c;
  const facilities = [...STANDARD_REGISTRY.facilities, ...(level === "enhanced" ? [{ type: "household-alarm" }] : [])];
  for (const [i, f] of facilities.entries()) {
    const row = await h.system<{ id: number }>(C.facilities.create, { communityId: c.id, type: f.type, name: `${f.type}-${i}`, status: "normal" }, street);
    for (let d = 0; d < ((f as { cameras?: number }).cameras ?? 0); d++) {
      await h.system(C.devices.create, { communityId: c.id, facilityId: row.id, name: `摄像机${d}`, vendor: "海康威视", serialNo: `SN-${seq}-${i}-${d}` }, street);
    }
  }
  for (const [i, a] of STANDARD_REGISTRY.accessPoints.entries()) {
    await h.system(C.accessPoints.create, { communityId: c.id, name: `出入口${i}`, kind: a.kind, credentials: a.credentials }, street);
  }
  for (const item of level === "enhanced" ? ENHANCED_DECLARED : STANDARD_DECLARED) {
    await h.system(A.declarations.create, { communityId: c.id, item, quantity: 10, evidenceRef: `验收单-${seq}-${item}` }, street);
  }
  return c;
}

/**
 * A test host with the community plugin installed and enabled at the province, over the demo
 * tree (Hefei 蜀山区 with two streets, Tongling 铜官区 with one), and a small call helper.
 */
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { asSystem } from "@anju/data";
import { migrateDevices } from "@anju/devices";
import type { AnjuHost, AuditEvent, HostModule, RequestContext } from "@anju/kernel";
import { createTestHost, type TestHost } from "@anju/kernel/testing";
import { privacyModule } from "@anju/privacy";

/** The plugins folder (this package's parent), where the host discovers `community`. */
export const PLUGINS_DIR = path.join(__dirname, "../..");

export const TREE = {
  province: "340000",
  hefei: "340100",
  shushan: "340104",
  sanlian: "340104001",
  jinggang: "340104002",
  tongling: "340700",
  tongguan: "340705",
  tgStreet: "340705001",
} as const;

export async function seedTree(host: AnjuHost): Promise<void> {
  const j = host.jurisdictions;
  await j.add({ code: TREE.province, name: "安徽省", level: "province" });
  await j.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.shushan, name: "蜀山区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.sanlian, name: "三里庵街道", level: "street", parentCode: TREE.shushan });
  await j.add({ code: TREE.jinggang, name: "井岗镇", level: "street", parentCode: TREE.shushan });
  await j.add({ code: TREE.tongling, name: "铜陵市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.tongguan, name: "铜官区", level: "county", parentCode: TREE.tongling });
  await j.add({ code: TREE.tgStreet, name: "铜官街道", level: "street", parentCode: TREE.tongguan });
}

/** A signed-in user acting in a jurisdiction (what the gateway sets after authentication). */
export function user(jurisdiction: string, roles: string[] = ["system-admin"]): RequestContext {
  return { principal: { id: "u1", kind: "user", roles }, jurisdiction };
}

export interface CommunityHost {
  readonly t: TestHost;
  readonly host: AnjuHost;
  /** What the plugin recorded in the audit trail. */
  readonly audit: AuditEvent[];
  /** Call as a system-admin user in `jurisdiction` (default: 合肥市). */
  call<T = any>(action: string, params?: Record<string, unknown>, jurisdiction?: string, roles?: string[]): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read results loosely
}

/** One host per `describe` (per database kind): installed, enabled at the province, tree seeded. */
export function useCommunityHost(kind: "sqlite" | "mysql"): CommunityHost {
  let t: TestHost | undefined;
  const events: AuditEvent[] = [];
  const capture: HostModule = { name: "audit-capture", auditSink: () => ({ record: async (e) => { events.push(e); } }) };
  beforeAll(async () => {
    // Contact phones are encrypted personal information: the privacy module holds the keys.
    t = await createTestHost({ db: kind, pluginDirs: [PLUGINS_DIR], modules: [privacyModule(), capture] });
    await seedTree(t.host);
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.province);
  });
  afterAll(async () => { await t?.stop(); });
  return {
    get t() { return t!; },
    get host() { return t!.host; },
    get audit() { return events; },
    call(action, params = {}, jurisdiction: string = TREE.hefei, roles?: string[]) {
      return t!.host.call(action, params, user(jurisdiction, roles));
    },
  };
}

/** The error a promise rejects with; fails when it resolves (shared with the other plugins' tests). */
export { rejectionOf } from "@anju/sdk/testing";

/** A community that satisfies H1 and T1, with overrides. */
export function communityInput(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, streetCode: TREE.sanlian, buildYear: 2010, address: "合肥市蜀山区测试路1号",
    propertyCompany: "测试物业有限公司", custodian: "测试物业有限公司", maintainer: "测试科技有限公司", ...overrides,
  };
}

/**
 * The device platform's registry table, with devices registered at community nodes as
 * core/devices would (rows written directly: registering through `devices.register` needs a
 * running driver, which is beside the point here).
 */
export async function registerDevices(host: AnjuHost, devices: Array<{ code: string; jurisdiction: string }>): Promise<void> {
  await migrateDevices(host.ds);
  const stamp = new Date().toISOString().slice(0, 19).replace("T", " ");
  await asSystem("test: register devices", async () => {
    for (const d of devices) {
      await host.ds.query(
        "INSERT INTO anju_device (id, code, name, jurisdiction_code, driver_plugin_id, profile_id, state, last_seen_at, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [`dev-${d.code}`, d.code, `${d.code} 门禁`, d.jurisdiction, "driver-access-json", "access-controller", "online", null, "test", stamp, "test", stamp],
      );
    }
  });
}

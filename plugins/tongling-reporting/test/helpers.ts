/**
 * A test host with the community and Tongling plugins over a small Anhui tree (Hefei with one
 * district, Tongling with 铜官区 and 枞阳县), the privacy module (community encrypts phones), the
 * forms module (reports are validated and stored as form submissions) and an audit sink that
 * keeps what the plugin records. The node's clock is fixed: server time decides (T4).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { FormsActions, formsModule } from "@anju/forms";
import { systemContext, type AnjuHost, type AuditEvent } from "@anju/kernel";
import { createTestHost, waitFor, type TestHost } from "@anju/kernel/testing";
import { CommunityActions as C } from "@anju/plugin-community";
import { privacyModule } from "@anju/privacy";
import { auditCapture, beijing, userContext as user } from "@anju/sdk/testing";
import { setClock } from "../src/clock.js";
import { REPORT_FORM_KEY } from "../src/constants.js";

export const PLUGINS_DIR = path.join(__dirname, "../..");
export const PLUGIN = "tongling-reporting";

export const TREE = {
  province: "340000",
  hefei: "340100",
  shushan: "340104",
  sanlian: "340104001",
  tongling: "340700",
  tongguan: "340705",
  tgStreet: "340705001",
  tgStreet2: "340705002",
  zongyang: "340722",
  zyStreet: "340722100",
} as const;

export async function seedTree(host: AnjuHost): Promise<void> {
  const j = host.jurisdictions;
  await j.add({ code: TREE.province, name: "安徽省", level: "province" });
  await j.add({ code: TREE.hefei, name: "合肥市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.shushan, name: "蜀山区", level: "county", parentCode: TREE.hefei });
  await j.add({ code: TREE.sanlian, name: "三里庵街道", level: "street", parentCode: TREE.shushan });
  await j.add({ code: TREE.tongling, name: "铜陵市", level: "city", parentCode: TREE.province });
  await j.add({ code: TREE.tongguan, name: "铜官区", level: "county", parentCode: TREE.tongling });
  await j.add({ code: TREE.tgStreet, name: "新城街道", level: "street", parentCode: TREE.tongguan });
  await j.add({ code: TREE.tgStreet2, name: "幸福街道", level: "street", parentCode: TREE.tongguan });
  await j.add({ code: TREE.zongyang, name: "枞阳县", level: "county", parentCode: TREE.tongling });
  await j.add({ code: TREE.zyStreet, name: "枞阳镇", level: "street", parentCode: TREE.zongyang });
}

/** Roles of the people in these tests (manifest roles; no RBAC module: the plugin's fallback applies). */
export const ROLES = {
  reporter: ["tongling-county-reporter"],
  reviewer: ["tongling-city-reviewer"],
  housing: ["tongling-housing-viewer"],
  civil: ["tongling-civil-affairs-viewer"],
  admin: ["system-admin"],
} as const;

/** Shared with every plugin's tests (`@anju/sdk/testing`); re-exported under this suite's names. */
export { auditCapture, beijing, rejectionOf, userContext as user } from "@anju/sdk/testing";

export interface TonglingHost {
  readonly t: TestHost;
  readonly host: AnjuHost;
  readonly audit: AuditEvent[];
  readonly keyFile: string;
  /** Fix the node's clock (Beijing wall time or a Date). */
  at(when: string | Date): Date;
  call<T = any>(action: string, params: Record<string, unknown>, jurisdiction: string, roles: readonly string[], id?: string): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read results loosely
  system<T = any>(action: string, params: Record<string, unknown>, jurisdiction: string | null): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
}

export interface HostOptions {
  kind: "sqlite" | "mysql";
  /** Where the Tongling plugin is enabled (default: 铜陵市 only). */
  enableAt?: string[];
}

/** Start a node, or a second node on the same database (`dbUrl`). */
export async function startNode(options: HostOptions & { dbUrl?: string; keyFile?: string; fresh?: boolean }): Promise<TonglingHost> {
  const capture = auditCapture();
  const keyFile = options.keyFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anju-tl-keys-")), "pi-keys.json");
  const t = await createTestHost({
    db: options.kind, dbUrl: options.dbUrl, pluginDirs: [PLUGINS_DIR],
    modules: [privacyModule({ keyFile }), formsModule(), capture.module],
  });
  let now = beijing("2021-05-10 09:00:00");
  setClock(t.host.broker, () => now);
  if (!options.dbUrl) {
    await seedTree(t.host);
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.province);
    await t.host.plugins.install(PLUGIN);
    for (const j of options.enableAt ?? [TREE.tongling]) await t.host.plugins.enable(PLUGIN, j);
  }
  // The forms module installs the plugin's default form once the plugin is loaded.
  await waitFor("the monthly report form", () => t.host.call(FormsActions.get, { key: REPORT_FORM_KEY }, systemContext(TREE.tongguan)).then(() => true), 20_000);
  return {
    t, host: t.host, audit: capture.events, keyFile,
    at(when) {
      now = typeof when === "string" ? beijing(when) : when;
      return now;
    },
    call(action, params, jurisdiction, roles, id) {
      return t.host.call(action, params, user(jurisdiction, roles, id));
    },
    system(action, params, jurisdiction) {
      return t.host.call(action, params, systemContext(jurisdiction));
    },
  };
}

/** One node per `describe`. */
export function useTonglingHost(kind: "sqlite" | "mysql", options: Omit<HostOptions, "kind"> = {}): TonglingHost {
  let h: TonglingHost | undefined;
  beforeAll(async () => { h = await startNode({ kind, ...options }); });
  afterAll(async () => { await h?.t.stop(); });
  const get = () => h!;
  return {
    get t() { return get().t; },
    get host() { return get().host; },
    get audit() { return get().audit; },
    get keyFile() { return get().keyFile; },
    at: (when) => get().at(when),
    call: (...args) => get().call(...args),
    system: (...args) => get().system(...args),
  };
}


let seq = 0;

/** A community registered through the community plugin (as the system, in its street). */
export async function community(h: TonglingHost, street: string, spec: {
  name?: string; buildYear?: number; communityClass?: "old" | "non-old" | "new";
  facilities?: Array<{ type: string; status?: string; installedOn?: string; devices?: number }>;
  accessPoints?: Array<{ kind: string; credentials: string[]; name?: string }>;
}): Promise<{ id: number; jurisdictionCode: string; facilities: number[]; accessPoints: number[] }> {
  seq += 1;
  const c = await h.system<{ id: number; jurisdictionCode: string }>(C.communities.create, {
    name: spec.name ?? `测试小区${seq}`, streetCode: street, buildYear: spec.buildYear ?? 2010, ...(spec.communityClass ? { communityClass: spec.communityClass } : {}),
    custodian: "测试物业", maintainer: "测试科技",
  }, street);
  const facilities: number[] = [];
  for (const [i, f] of (spec.facilities ?? []).entries()) {
    const row = await h.system<{ id: number }>(C.facilities.create, { communityId: c.id, type: f.type, name: `${f.type}-${i}`, status: f.status ?? "normal", installedOn: f.installedOn ?? null }, street);
    facilities.push(row.id);
    for (let d = 0; d < (f.devices ?? 0); d++) {
      await h.system(C.devices.create, { communityId: c.id, facilityId: row.id, name: `摄像机${d}`, vendor: "海康威视", serialNo: `SN-${seq}-${i}-${d}` }, street);
    }
  }
  const accessPoints: number[] = [];
  for (const [i, a] of (spec.accessPoints ?? []).entries()) {
    accessPoints.push((await h.system<{ id: number }>(C.accessPoints.create, { communityId: c.id, name: a.name ?? `出入口${i}`, kind: a.kind, credentials: a.credentials }, street)).id);
  }
  return { ...c, facilities, accessPoints };
}

/** What a county reporter fills in (the rest comes from the registry). */
export const AUTHOR = {
  problems: "部分老旧小区周界防护进度滞后。",
  nextSteps: "督促施工单位按期完成。",
  contact: { name: "李军", phone: "0562-2682911" },
};

/** A minimal valid PDF (the forms module decides the type by its magic bytes). */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").toString("base64");

/**
 * RBAC as a host module: the host runs its migrations before the broker starts, fills the RBAC
 * slot, and asks its authorizer inside host actions (jurisdiction management here).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@anju/data";
import { createHost, HostActions, HostPermissions, loadConfig, systemContext, type AnjuHost } from "@anju/kernel";
import { BuiltinRoles, RbacActions, rbacAuthorizer, rbacModule } from "../src/index.js";
import { rejection, seedTree, TREE, user } from "./helpers.js";

describe("rbacModule", () => {
  let db: TestDatabase;
  let dataDir: string;
  let host: AnjuHost;

  beforeEach(async () => {
    db = await createTestDatabase("sqlite");
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-rbac-module-"));
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir,
        db: { url: db.url, logging: false },
        broker: { requestTimeout: 5000, logLevel: "error" },
        http: { port: 0, host: "127.0.0.1", bodyLimit: "1mb", enabled: false },
        plugins: { dirs: [], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 200 },
        demo: { seed: false },
      },
    });
    host = createHost({ config, modules: [rbacModule()] });
    await host.start();
    await seedTree(host);
    await host.call(RbacActions.grant, { userId: "ja", role: BuiltinRoles.jurisdictionAdmin, jurisdiction: TREE.hefei }, systemContext());
  });
  afterEach(async () => {
    await host?.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("host actions follow RBAC: a jurisdiction admin manages its city's subtree and nothing else", async () => {
    const ja = user("ja", TREE.hefei);
    await host.call(HostActions.jurisdictionsCreate, { code: "340104", name: "蜀山区", level: "county", parentCode: TREE.hefei }, ja);
    expect(await rejection(host.call(HostActions.jurisdictionsCreate, { code: "340706", name: "义安区", level: "county", parentCode: TREE.tongling }, ja)))
      .toMatchObject({ code: 404 });
    expect(await rejection(host.call(HostActions.jurisdictionsCreate, { code: "340105", name: "包河区", level: "county", parentCode: TREE.hefei }, user("nobody", TREE.hefei))))
      .toMatchObject({ type: "FORBIDDEN", code: 403 });
  });

  it("the authorizer answers for a target node: covered inside the caller's subtree, refused outside it", async () => {
    const authorizer = rbacAuthorizer(host);
    const ja = user("ja", TREE.hefei);
    expect(await authorizer.can(ja, HostPermissions.jurisdictionManage)).toBe(true);
    expect(await authorizer.can(ja, HostPermissions.jurisdictionManage, TREE.yaohai)).toBe(true);
    expect(await authorizer.can(ja, HostPermissions.jurisdictionManage, TREE.tongling)).toBe(false);
    expect(await authorizer.can(ja, HostPermissions.pluginManage)).toBe(false);
    expect(await authorizer.can(systemContext(), HostPermissions.pluginManage, TREE.tongling)).toBe(true);
  });
});

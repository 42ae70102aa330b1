import { afterEach, describe, expect, it } from "vitest";
import { createTestHost, testDbKinds, type TestHost } from "@anju/kernel/testing";
import { privacyModule } from "@anju/privacy";
import { CommunityActions as A } from "../src/actions.js";
import { PLUGINS_DIR, TREE, communityInput, seedTree, user } from "./helpers.js";

const TABLES = [
  "community_community", "community_building", "community_unit", "community_facility", "community_device", "community_access_point",
  "community_device_placement", "community_authorisation", "community_access_event",
];

async function tables(t: TestHost): Promise<boolean[]> {
  const qr = t.host.ds.createQueryRunner();
  try {
    return await Promise.all(TABLES.map((name) => qr.hasTable(name)));
  } finally {
    await qr.release();
  }
}

describe.each(testDbKinds())("install and uninstall on %s", (kind) => {
  let t: TestHost | undefined;
  afterEach(async () => { await t?.stop(); t = undefined; });

  it("install creates the nine tables; uninstall with purge drops them; a reinstall starts clean", async () => {
    t = await createTestHost({ db: kind, pluginDirs: [PLUGINS_DIR], modules: [privacyModule()] });
    await seedTree(t.host);
    await t.host.plugins.install("community");
    expect(await tables(t)).toEqual(TABLES.map(() => true));
    await t.host.plugins.enable("community", TREE.province);
    await t.host.call(A.communities.create, communityInput("卸载前的小区"), user(TREE.hefei));
    await t.host.plugins.disable("community", TREE.province);
    await t.host.plugins.uninstall("community", { purge: true });
    expect(await tables(t)).toEqual(TABLES.map(() => false));
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.province);
    expect((await t.host.call<{ total: number }>(A.communities.list, {}, user(TREE.hefei))).total).toBe(0);
  });

  it("is refused for a jurisdiction where it is not enabled", async () => {
    t = await createTestHost({ db: kind, pluginDirs: [PLUGINS_DIR], modules: [privacyModule()] });
    await seedTree(t.host);
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.hefei);
    await expect(t.host.call(A.communities.list, {}, user(TREE.tongling))).rejects.toMatchObject({ type: "PLUGIN_NOT_ENABLED" });
  });
});

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, type TestHost } from "../src/testing.js";
import * as sdk from "../src/index.js";

describe("@anju/sdk", () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await createTestHost({ pluginDirs: [path.resolve(__dirname, "../../kernel/test/fixtures/basic")] });
  });
  afterAll(async () => t?.stop());

  it("lets a plugin author start a host, install their plugin and call it as a user", async () => {
    await t.host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
    await t.host.plugins.install("hello");
    await t.host.plugins.enable("hello", "340000");
    const res = await t.host.call<{ message: string }>("hello.greet", { name: "王五" }, { principal: { id: "u", kind: "user" }, jurisdiction: "340000" });
    expect(res.message).toBe("你好，王五");
  });

  it("exposes the plugin contract but not host internals", () => {
    expect(Object.keys(sdk)).toEqual(expect.arrayContaining(["definePlugin", "defineTenantEntity", "scopedRepository", "defineErrors"]));
    expect(Object.keys(sdk)).not.toContain("PluginManager");
    expect(Object.keys(sdk)).not.toContain("createHost");
  });
});

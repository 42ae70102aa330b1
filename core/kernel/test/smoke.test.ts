import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, type TestHost } from "../src/testing.js";

describe("smoke", () => {
  let t: TestHost;
  beforeAll(async () => { t = await createTestHost({ pluginDirs: [path.join(__dirname, "fixtures/basic")] }); });
  afterAll(async () => t?.stop());
  it("installs and enables", async () => {
    const { host } = t;
    await host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
    await host.jurisdictions.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
    console.log(await host.plugins.install("needs-hello"));
    console.log(await host.plugins.enable("needs-hello", "340100"));
    const user = { principal: { id: "u1", kind: "user" as const }, jurisdiction: "340100" };
    console.log(await host.call("hello.greet", { name: "张三" }, user));
    console.log(await host.call("hello.add", { text: "早上好" }, user));
    console.log(await host.call("hello.list", {}, user));
    await expect(host.call("hello.greet", {}, { ...user, jurisdiction: "340000" })).rejects.toMatchObject({ type: "PLUGIN_NOT_ENABLED" });
  });
});

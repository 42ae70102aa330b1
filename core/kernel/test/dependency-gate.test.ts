import { describe, expect, it } from "vitest";
import { testDbKinds } from "../src/testing.js";
import { fixture, rejectionOf, TREE, user, useTestHost } from "./helpers.js";

describe.each(testDbKinds())("a dependent never runs where what it requires is off (%s)", (db) => {
  const ctx = useTestHost(() => ({ db, pluginDirs: [fixture("basic")] }));

  it("switches needs-hello off at a county where hello was explicitly disabled", async () => {
    const { host } = ctx;
    await host.plugins.install("needs-hello");
    await host.plugins.enable("hello", TREE.hefei);
    await host.plugins.disable("hello", TREE.yaohai); // nothing depends on it yet
    await host.plugins.enable("needs-hello", TREE.hefei);
    expect(await host.call("needs-hello.ping", {}, user(TREE.luyang))).toBe("pong");
    const err = await rejectionOf(host.call("needs-hello.ping", {}, user(TREE.yaohai)));
    expect(err.type).toBe("PLUGIN_NOT_ENABLED");
    // Turning hello back on at the county brings its dependent back there too.
    await host.plugins.enable("hello", TREE.yaohai);
    expect(await host.call("needs-hello.ping", {}, user(TREE.yaohai))).toBe("pong");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { startTestNode, type TestNode } from "./helpers.js";

describe.each(testDbKinds())("gateway on %s", (kind) => {
  let n: TestNode;
  let hefei: string;
  let tongling: string;

  beforeAll(async () => {
    n = await startTestNode(kind);
    const j = n.host.jurisdictions;
    await j.add({ code: "340000", name: "安徽省", level: "province" });
    await j.add({ code: "340100", name: "合肥市", level: "city", parentCode: "340000" });
    await j.add({ code: "340700", name: "铜陵市", level: "city", parentCode: "340000" });
    await n.host.plugins.install("hello");
    await n.host.plugins.enable("hello", "340100");
    hefei = n.token("340100");
    tongling = n.token("340700");
  });
  afterAll(async () => n?.close());

  it("answers /api/health with 200 and the installed plugins", async () => {
    const r = await n.fetch("/api/health");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(r.body.plugins).toEqual(expect.arrayContaining([expect.objectContaining({ id: "hello", version: "1.0.0", state: "installed" })]));
  });

  it("serves a plugin route under /api/<plugin-id> for an enabled jurisdiction", async () => {
    const r = await n.fetch("/api/hello/greet?name=李四", { token: hefei });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: "你好，李四", jurisdiction: "340100" });
  });

  it("refuses a jurisdiction where the plugin is not enabled with a coded 403", async () => {
    const r = await n.fetch("/api/hello/greet", { token: tongling });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("PLUGIN_NOT_ENABLED");
    expect(r.body.error.message).toContain("未在行政区划 340700 启用");
  });

  it("answers in English when asked", async () => {
    const r = await n.fetch("/api/hello/greet", { token: tongling, headers: { "Accept-Language": "en-US,en;q=0.9" } });
    expect(r.body.error.message).toBe("Plugin hello is not enabled for jurisdiction 340700");
  });

  it("requires authentication: no token → 401, forged token → 401", async () => {
    expect((await n.fetch("/api/hello/greet")).status).toBe(401);
    const forged = hefei.slice(0, -3) + (hefei.endsWith("AAA") ? "BBB" : "AAA");
    const r = await n.fetch("/api/hello/greet", { token: forged });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("TOKEN_INVALID");
    expect((await n.fetch("/api/jurisdictions")).body.error.code).toBe("UNAUTHENTICATED");
  });

  it("takes the jurisdiction from the token, never from params or headers", async () => {
    await n.fetch("/api/hello/greetings", { method: "POST", token: hefei, json: { text: "合肥专属" } });
    const r = await n.fetch("/api/hello/greet?jurisdiction=340700", { token: hefei, headers: { "X-Jurisdiction": "340700" } });
    expect(r.body.jurisdiction).toBe("340100");
    // Extra property refused by the action's schema rather than silently used.
    const post = await n.fetch("/api/hello/greetings", { method: "POST", token: hefei, json: { text: "x", jurisdictionCode: "340700" } });
    expect(post.status).toBe(422);
    expect(post.body.error.code).toBe("VALIDATION_FAILED");
    const list = await n.fetch("/api/hello/greetings", { token: hefei });
    expect(list.body.map((g: { jurisdictionCode: string }) => g.jurisdictionCode)).toEqual(["340100"]);
  });

  it("keeps $node.* and internal actions unreachable", async () => {
    for (const p of ["/api/$node/list", "/api/$node/services", "/api/~node/actions", "/api/api/listAliases", "/api/hello/add", "/api/plugins.list", "/$node/list"]) {
      const r = await n.fetch(p, { token: hefei });
      expect(r.status, p).toBe(404);
      expect(r.body.error.code, p).toBe("NOT_FOUND");
    }
  });

  it("refuses an oversized body with 413 and bad JSON with 400, storing nothing", async () => {
    const before = (await n.fetch("/api/hello/greetings", { token: hefei })).body.length;
    const big = await n.fetch("/api/hello/greetings", { method: "POST", token: hefei, json: { text: "x".repeat(100_000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    const bad = await n.fetch("/api/hello/greetings", { method: "POST", token: hefei, headers: { "Content-Type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("BAD_REQUEST");
    expect((await n.fetch("/api/hello/greetings", { token: hefei })).body.length).toBe(before);
  });

  it("renders validation errors with the field", async () => {
    const r = await n.fetch("/api/hello/greetings", { method: "POST", token: hefei, json: {} });
    expect(r.status).toBe(422);
    expect(r.body.error.data.fields).toEqual([expect.objectContaining({ field: "text", keyword: "required" })]);
  });

  it("refuses jurisdiction names with markup or quotes, persisting nothing", async () => {
    const admin = n.token("340000");
    for (const name of ["<script>alert(1)</script>", "x'; DROP TABLE anju_plugin; --", 'a"b']) {
      const r = await n.fetch("/api/jurisdictions", { method: "POST", token: admin, json: { code: "340199", name, level: "county", parentCode: "340100" } });
      expect(r.status, name).toBe(422);
    }
    expect(await n.host.jurisdictions.find("340199")).toBeNull();
  });

  it("hides another branch's jurisdiction as not found", async () => {
    const r = await n.fetch("/api/jurisdictions/340700", { token: hefei });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("JURISDICTION_NOT_FOUND");
    const list = await n.fetch("/api/jurisdictions", { token: hefei });
    expect(list.body.map((j: { code: string }) => j.code)).toEqual(["340100"]);
  });

  it("publishes an OpenAPI document generated from the action schemas", async () => {
    const r = await n.fetch("/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    const post = r.body.paths["/api/hello/greetings"].post;
    expect(post.requestBody.content["application/json"].schema.required).toEqual(["text"]);
    expect(r.body.paths["/api/jurisdictions/{code}"].get.parameters[0]).toMatchObject({ name: "code", in: "path" });
    expect(Object.keys(r.body.paths)).not.toContain("/api/$node/list");
  });

  it("serves routes of a plugin enabled later without a restart", async () => {
    const admin = n.token("340000");
    const en = await n.fetch("/api/plugins/hello/enable", { method: "POST", token: admin, json: { jurisdiction: "340700" } });
    expect(en.status).toBe(200);
    const r = await n.fetch("/api/hello/greet", { token: tongling });
    expect(r.status).toBe(200);
    const dis = await n.fetch("/api/plugins/hello/disable", { method: "POST", token: admin, json: { jurisdiction: "340700" } });
    expect(dis.status).toBe(200);
    expect((await n.fetch("/api/hello/greet", { token: tongling })).status).toBe(403);
  });

  it("shows a landing page at /", async () => {
    const r = await n.fetch("/");
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain("安居");
  });
});

import { describe, expect, it } from "vitest";
import { createFormsApi, FormsApiError, serverErrorOf } from "../src/api";

function recorder(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

describe("createFormsApi", () => {
  it("calls the form service's routes with the session cookie and the user's language", async () => {
    const r = recorder(200, {});
    const api = createFormsApi({ fetch: r.fetch, locale: () => "en" });
    await api.list();
    await api.get("forms-demo.inspection");
    await api.create({ key: "k", title: { "zh-CN": "甲", en: "A" }, schema: { type: "object" } });
    await api.saveDraft("k", { version: 2 });
    await api.publish("k");
    await api.versions("k");
    await api.version("k", 3);
    await api.diff("k", 1, 2);
    await api.extend("k", { schema: { type: "object" } });
    await api.submit("k", { a: 1 });
    expect(r.calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      "GET /api/forms",
      "GET /api/forms/forms-demo.inspection",
      "POST /api/forms",
      "PUT /api/forms/k/draft",
      "POST /api/forms/k/publish",
      "GET /api/forms/k/versions",
      "GET /api/forms/k/versions/3",
      "GET /api/forms/k/diff?from=1&to=2",
      "PUT /api/forms/k/extension",
      "POST /api/forms/k/submissions",
    ]);
    expect(r.calls.every((c) => c.init.credentials === "same-origin")).toBe(true);
    expect((r.calls[0]!.init.headers as Record<string, string>)["Accept-Language"]).toBe("en");
    expect(JSON.parse(r.calls[9]!.init.body as string)).toEqual({ data: { a: 1 } });
    expect(r.calls[0]!.init.body).toBeUndefined();
  });

  it("turns the gateway's error body into a FormsApiError with code and data", async () => {
    const fields = [{ path: "a", keyword: "type", message: "应当是 integer 类型" }];
    const r = recorder(422, { error: { code: "FORM_SUBMISSION_INVALID", message: "提交内容有 1 处错误", data: { count: 1, fields } } });
    const api = createFormsApi({ fetch: r.fetch });
    const err = await api.submit("k", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormsApiError);
    expect(err).toMatchObject({ status: 422, code: "FORM_SUBMISSION_INVALID", message: "提交内容有 1 处错误", data: { fields } });
  });

  it("a non-JSON failure (a proxy's page) still gives a coded error", async () => {
    const r = recorder(502, "<html>Bad gateway</html>");
    const err = await createFormsApi({ fetch: r.fetch }).list().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: "HTTP_502" });
  });

  it("serverErrorOf reads any error shaped like the server's (the console's ApiError too)", () => {
    expect(serverErrorOf({ code: "X", message: "m", data: { a: 1 } })).toEqual({ code: "X", message: "m", data: { a: 1 } });
    expect(serverErrorOf(new Error("plain"))).toBeNull();
    expect(serverErrorOf("x")).toBeNull();
  });
});

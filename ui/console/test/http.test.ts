/** The request client: server errors keep their code and message; a lost session waits for the unlock and the request is sent again. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, buildUrl, configureClient, fillPath, http } from "../src/api/http";
import { jurisdictionTree } from "../src/utils/tree";
import { toCsv } from "../src/utils/csv";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("request client", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    configureClient({ sessionLost: undefined, locale: () => "zh-CN", statusMessage: (status) => `HTTP ${status}` });
  });

  it("turns an error body into an ApiError with the server's code and localised message, asking in the chosen language", async () => {
    const fetch = vi.fn(async () => json(423, { error: { code: "ACCOUNT_LOCKED", message: "账户已锁定，请在 15 分钟后重试", data: { minutes: 15 } } }));
    vi.stubGlobal("fetch", fetch);
    configureClient({ locale: () => "en" });
    const err = await http.post("/api/auth/login", { username: "a", password: "b" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 423, code: "ACCOUNT_LOCKED", message: "账户已锁定，请在 15 分钟后重试", data: { minutes: 15 } });
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).toMatchObject({ "Accept-Language": "en" });
  });

  it("holds a request that met an expired session until the unlock, then sends it again", async () => {
    const answers = [json(401, { error: { code: "SESSION_EXPIRED", message: "会话已超时" } }), json(200, { saved: true })];
    const fetch = vi.fn(async () => answers.shift()!);
    vi.stubGlobal("fetch", fetch);
    let unlock!: () => void;
    const sessionLost = vi.fn(() => new Promise<void>((resolve) => { unlock = resolve; }));
    configureClient({ sessionLost });
    const pending = http.post<{ saved: boolean }>("/api/things", { name: "half-typed" });
    await vi.waitFor(() => expect(sessionLost).toHaveBeenCalledTimes(1));
    expect(fetch).toHaveBeenCalledTimes(1);
    unlock();
    expect(await pending).toEqual({ saved: true });
    const second = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(second[1].body).toBe(JSON.stringify({ name: "half-typed" }));
  });

  it("never shows a proxy's page or a stack trace: a message for the status in the user's language instead", async () => {
    configureClient({ statusMessage: (status) => (status ? `服务器出错（${status}）` : "无法识别的答复") });
    vi.stubGlobal("fetch", vi.fn(async () => new Response("Error: boom\n    at handler (/srv/app/index.js:12:3)", { status: 500 })));
    await expect(http.get("/api/x")).rejects.toMatchObject({ status: 500, code: "HTTP_500", message: "服务器出错（500）" });
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<html><body>502 Bad Gateway</body></html>", { status: 502 })));
    await expect(http.get("/api/x")).rejects.toMatchObject({ code: "HTTP_502", message: "服务器出错（502）" });
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<html>sign in to the proxy</html>", { status: 200 })));
    await expect(http.get("/api/x")).rejects.toMatchObject({ code: "BAD_RESPONSE", message: "无法识别的答复" });
  });

  it("does not wait for a re-login on the sign-in request itself", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(401, { error: { code: "LOGIN_FAILED", message: "用户名或密码错误" } })));
    const sessionLost = vi.fn(async () => undefined);
    configureClient({ sessionLost });
    await expect(http.post("/api/auth/login", {}, { noRelogin: true })).rejects.toMatchObject({ code: "LOGIN_FAILED" });
    expect(sessionLost).not.toHaveBeenCalled();
  });

  it("builds query strings without empty filters and fills path parameters", () => {
    expect(buildUrl("/api/community/devices", { page: 2, onlineState: "", communityId: undefined, q: "琥珀" })).toBe("/api/community/devices?page=2&q=%E7%90%A5%E7%8F%80");
    expect(fillPath("/api/community/communities/:id", { id: 7, name: "x" })).toEqual({ path: "/api/community/communities/7", rest: { name: "x" } });
  });
});

describe("helpers", () => {
  it("nests the flat jurisdiction list; a node whose parent is out of sight is a root", () => {
    const tree = jurisdictionTree([
      { code: "340100", name: "合肥市", level: "city", parentCode: "340000", path: "/340000/340100/" },
      { code: "340104", name: "蜀山区", level: "county", parentCode: "340100", path: "/340000/340100/340104/" },
    ]);
    expect(tree).toEqual([{ value: "340100", label: "合肥市", level: "city", children: [{ value: "340104", label: "蜀山区", level: "county" }] }]);
  });

  it("writes CSV Excel opens as UTF-8 and that cannot smuggle a formula", () => {
    const csv = toCsv(["名称", "备注"], [["琥珀山庄", "=HYPERLINK(\"x\")"], ["a,b", null]]);
    expect(csv.startsWith("\uFEFF名称,备注\r\n")).toBe(true);
    expect(csv).toContain("琥珀山庄,\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csv).toContain("\"a,b\",\r\n");
  });
});

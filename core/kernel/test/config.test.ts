/**
 * Host configuration: defaults + file + ANJU_* environment + overrides, validated at start.
 * A bad value stops start-up with CONFIG_INVALID naming the key; the result is frozen.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { useTempDirs } from "./helpers.js";

function refusal(fn: () => unknown): { type: string; code: number; data: Record<string, unknown>; messages: { en: string } } {
  try {
    fn();
  } catch (err) {
    return err as ReturnType<typeof refusal>;
  }
  throw new Error("expected loadConfig to refuse");
}

describe("loadConfig", () => {
  const tempDir = useTempDirs();
  const writeConfig = (content: unknown) => {
    const file = path.join(tempDir(), "anju.json");
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };

  it("with nothing set gives the embedded default profile", () => {
    const config = loadConfig({ env: {}, cwd: "/srv/anju" });
    expect(config).toMatchObject({ profile: "embedded", db: { url: null }, http: { port: 3000 }, demo: { seed: true }, dataDir: "/srv/anju/data" });
    expect(config.plugins.installDir).toBe("/srv/anju/data/plugins");
  });

  it.each([
    ["PORT=abc", { PORT: "abc" }, "http.port"],
    ["ANJU_PORT=70000", { ANJU_PORT: "70000" }, "http.port"],
    ["ANJU_PROFILE=prod", { ANJU_PROFILE: "prod" }, "profile"],
    ["ANJU_REQUEST_TIMEOUT=0", { ANJU_REQUEST_TIMEOUT: "0" }, "broker.requestTimeout"],
    ["ANJU_TRANSPORTER=redis://localhost", { ANJU_TRANSPORTER: "redis://localhost" }, "transporter"],
    ["ANJU_DEMO=maybe", { ANJU_DEMO: "maybe" }, "demo.seed"],
    ["ANJU_DB_URL=postgres://db/anju", { ANJU_DB_URL: "postgres://db/anju" }, "db.url"],
    ["ANJU_LOG_LEVEL=loud", { ANJU_LOG_LEVEL: "loud" }, "broker.logLevel"],
    ["ANJU_TOKEN_SECRET too short", { ANJU_TOKEN_SECRET: "secret" }, "auth.tokenSecret"],
  ])("%s → CONFIG_INVALID naming %s", (_what, env, key) => {
    const err = refusal(() => loadConfig({ env }));
    expect(err).toMatchObject({ type: "CONFIG_INVALID", data: { key } });
    expect(err.messages.en).toContain(key);
  });

  it("an unknown key in the config file → CONFIG_INVALID naming it (a typo stops start-up)", () => {
    const top = refusal(() => loadConfig({ env: {}, file: writeConfig({ htpp: { port: 8080 } }) }));
    expect(top).toMatchObject({ type: "CONFIG_INVALID", data: { key: "htpp" } });
    expect(top.messages.en).toContain("htpp");
    const nested = refusal(() => loadConfig({ env: {}, file: writeConfig({ http: { prot: 8080 } }) }));
    expect(nested).toMatchObject({ type: "CONFIG_INVALID", data: { key: "http.prot" } });
  });

  it("a wrong type in the config file names the key", () => {
    expect(refusal(() => loadConfig({ env: {}, file: writeConfig({ plugins: { dirs: "plugins" } }) }))).toMatchObject({ type: "CONFIG_INVALID", data: { key: "plugins.dirs" } });
  });

  it("a config file that is missing or not JSON → CONFIG_FILE_UNREADABLE naming the file", () => {
    const broken = writeConfig("{ not json");
    expect(refusal(() => loadConfig({ env: {}, file: broken }))).toMatchObject({ type: "CONFIG_FILE_UNREADABLE", data: { file: broken } });
    expect(refusal(() => loadConfig({ env: { ANJU_CONFIG: "/nonexistent/anju.json" } }))).toMatchObject({ type: "CONFIG_FILE_UNREADABLE", data: { file: "/nonexistent/anju.json" } });
  });

  it("the production profile without ANJU_DB_URL → CONFIG_INVALID naming db.url", () => {
    const err = refusal(() => loadConfig({ env: { ANJU_PROFILE: "production" } }));
    expect(err).toMatchObject({ type: "CONFIG_INVALID", data: { key: "db.url" } });
    expect(err.messages.en).toContain("db.url");
    expect(refusal(() => loadConfig({ env: { ANJU_PROFILE: "production", ANJU_DB_URL: "sqlite:/tmp/x.sqlite" } }))).toMatchObject({ data: { key: "db.url" } });
  });

  it("the production profile with a MySQL URL loads, with no demo data", () => {
    const config = loadConfig({ env: { ANJU_PROFILE: "production", ANJU_DB_URL: "mysql://anju:pw@db:3306/anju" } });
    expect(config).toMatchObject({ profile: "production", db: { url: "mysql://anju:pw@db:3306/anju" }, demo: { seed: false } });
  });

  it("layers apply in order: defaults < file < environment < overrides", () => {
    const file = writeConfig({ http: { port: 8001, host: "127.0.0.1" }, namespace: "from-file" });
    expect(loadConfig({ env: {}, file }).http).toMatchObject({ port: 8001, host: "127.0.0.1" });
    expect(loadConfig({ env: { PORT: "8002" }, file }).http).toMatchObject({ port: 8002, host: "127.0.0.1" });
    const config = loadConfig({ env: { PORT: "8002", ANJU_CONFIG: file }, overrides: { http: { port: 8003 } } });
    expect(config.http).toMatchObject({ port: 8003, host: "127.0.0.1" });
    expect(config.namespace).toBe("from-file");
  });

  it("is frozen all the way down: assigning throws (test modules run in strict mode)", () => {
    const config = loadConfig({ env: {} });
    expect(() => { (config as { profile: string }).profile = "production"; }).toThrow(TypeError);
    expect(() => { (config.http as { port: number }).port = 1; }).toThrow(TypeError);
    expect(() => { (config.plugins.dirs as string[]).push("/evil"); }).toThrow(TypeError);
    expect(config.http.port).toBe(3000);
  });
});

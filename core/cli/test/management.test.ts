import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { UPGRADE_FIXTURES, workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// One workspace per database kind; the steps build on each other like an integrator's session.
describe.each(testDbKinds())("anju management commands on %s", (kind) => {
  let ws: Workspace;
  // The upgrade comes from an unsigned fixture folder: the development override (signing: signing.test.ts).
  beforeAll(async () => { ws = await workspace(kind, { ANJU_ALLOW_UNSIGNED_PLUGINS: "1" }); });
  afterAll(async () => ws?.close());

  const run = (...args: string[]) => ws.run([...args, "--json"]);
  // Steps with nothing database-specific in the CLI run on SQLite only; the kernel's own
  // suites run those lifecycle rules on MariaDB. Each CLI run is a process start, so this
  // keeps the MariaDB pass short.
  const sqliteOnly = it.skipIf(kind === "mysql");

  it("builds the jurisdiction tree and lists it, inferring a child's level from its parent", async () => {
    expect((await run("jurisdiction", "add", "340000", "安徽省", "--level", "province")).json).toMatchObject({ code: "340000", level: "province", parentCode: null });
    expect((await run("jurisdiction", "add", "340100", "合肥市", "--parent", "340000")).json).toMatchObject({ level: "city", path: "/340000/340100/" });
    expect((await run("jurisdiction", "add", "340700", "铜陵市", "--parent", "340000", "--level", "city")).code).toBe(0);
    const all = await run("jurisdiction", "list");
    expect(all.code).toBe(0);
    expect(all.json.map((j: { code: string }) => j.code)).toEqual(["340000", "340100", "340700"]);
    expect((await run("jurisdiction", "list", "--under", "340700")).json).toEqual([expect.objectContaining({ code: "340700", name: "铜陵市" })]);
    const human = await ws.run(["jurisdiction", "list"]);
    expect(human.stdout).toContain("340000  安徽省  (省 province)\n  340100  合肥市  (市 city)");
  });

  it("refuses an unknown parent or a duplicate code with exit 1 and adds nothing", async () => {
    const orphan = await run("jurisdiction", "add", "990100", "无名市", "--parent", "990000");
    expect(orphan.code).toBe(1);
    expect(orphan.json.error).toMatchObject({ code: "JURISDICTION_NOT_FOUND", data: { code: "990000" } });
    const dup = await run("jurisdiction", "add", "340100", "合肥市", "--parent", "340000");
    expect(dup.code).toBe(1);
    expect(dup.json.error.code).toBe("JURISDICTION_EXISTS");
    expect((await run("jurisdiction", "list")).json).toHaveLength(3);
  });

  it("lists discovered plugins, then installs one together with the plugin it requires", async () => {
    const before = await run("plugin", "list");
    expect(before.json.map((p: { id: string; state: string }) => [p.id, p.state])).toEqual([["hello", "available"], ["needs-hello", "available"]]);
    const r = await run("plugin", "install", "needs-hello");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ id: "needs-hello", installed: ["hello", "needs-hello"] });
    const after = await run("plugin", "list");
    expect(after.json.find((p: { id: string }) => p.id === "hello")).toMatchObject({ state: "installed", installedVersion: "1.0.0", enabledAt: [] });
  });

  it("enables a plugin for a jurisdiction with what it requires, and shows where", async () => {
    const r = await run("plugin", "enable", "needs-hello", "--jurisdiction", "340100");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ id: "needs-hello", jurisdiction: "340100", enabled: ["hello", "needs-hello"] });
    const list = await run("plugin", "list");
    expect(list.json.find((p: { id: string }) => p.id === "needs-hello").enabledAt).toEqual(["340100"]);
    const human = await ws.run(["plugin", "list"]);
    expect(human.stdout).toMatch(/hello\s+问候\s+feature\s+已安装 installed\s+1\.0\.0\s+1\.0\.0\s+340100/);
  });

  it("refuses an unknown jurisdiction code with exit 1 and enables nothing there", async () => {
    const r = await run("plugin", "enable", "hello", "-j", "999999");
    expect(r.code).toBe(1);
    expect(r.json.error).toMatchObject({ code: "JURISDICTION_NOT_FOUND", data: { code: "999999" } });
    const hello = (await run("plugin", "list")).json.find((p: { id: string }) => p.id === "hello");
    expect(hello.jurisdictions).toEqual([{ jurisdiction: "340100", enabled: true }]);
  });

  it("configures settings with --set and --file, and shows them with their layers", async () => {
    const set = await run("plugin", "config", "hello", "--jurisdiction", "340100", "--set", "greeting=您好", "--set", "limits.max=5");
    expect(set.code).toBe(0);
    expect(set.json).toMatchObject({ changed: true, effective: { greeting: "您好", limits: { max: 5 } }, own: { greeting: "您好", limits: { max: 5 } } });
    const file = path.join(ws.dataDir, "province.json");
    fs.writeFileSync(file, JSON.stringify({ greeting: "皖好" }));
    expect((await run("plugin", "config", "hello", "-j", "340000", "--file", file)).code).toBe(0);
    const shown = await run("plugin", "config", "hello", "-j", "340100");
    expect(shown.json).toMatchObject({ changed: false, effective: { greeting: "您好", limits: { max: 5 } } });
    expect(shown.json.layers.map((l: { jurisdiction: string }) => l.jurisdiction)).toEqual(["340000", "340100"]);
    expect((await run("plugin", "config", "hello", "-j", "340700")).json.effective).toEqual({ greeting: "皖好", limits: { max: 10 } });
  });

  it("refuses a --set value the settings schema forbids with exit 1 and keeps the old value", async () => {
    const r = await run("plugin", "config", "hello", "-j", "340100", "--set", "limits.max=0");
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe("PLUGIN_SETTINGS_INVALID");
    expect(r.json.error.data.fields).toEqual([expect.objectContaining({ field: "limits.max" })]);
    const unknownKey = await run("plugin", "config", "hello", "-j", "340100", "--set", "colour=red");
    expect(unknownKey.json.error.code).toBe("PLUGIN_SETTINGS_INVALID");
    expect((await run("plugin", "config", "hello", "-j", "340100")).json.effective).toEqual({ greeting: "您好", limits: { max: 5 } });
    const badFile = await run("plugin", "config", "hello", "-j", "340100", "--file", path.join(ws.dataDir, "missing.json"));
    expect(badFile.code).toBe(1);
    expect(badFile.json.error.code).toBe("SETTINGS_FILE_INVALID");
  });

  sqliteOnly("refuses to disable a plugin another enabled plugin requires, then disables in order", async () => {
    const blocked = await run("plugin", "disable", "hello", "-j", "340100");
    expect(blocked.code).toBe(1);
    expect(blocked.json.error).toMatchObject({ code: "PLUGIN_REQUIRED_BY", data: { dependents: ["needs-hello"] } });
    expect((await run("plugin", "disable", "needs-hello", "-j", "340100")).json).toMatchObject({ disabled: ["needs-hello"] });
    expect((await run("plugin", "disable", "hello", "-j", "340100")).json).toMatchObject({ disabled: ["hello"] });
  });

  it("upgrades from a folder and runs the new migration; migrate then reports nothing pending", async () => {
    const r = await run("plugin", "upgrade", "hello", "--from", path.join(UPGRADE_FIXTURES, "hello-1.1.0"));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ id: "hello", from: "1.0.0", to: "1.1.0", migrations: ["0002-greeting-mood"] });
    const again = await run("plugin", "upgrade", "hello", "--from", path.join(UPGRADE_FIXTURES, "hello-1.1.0"));
    expect(again.json.error.code).toBe("PLUGIN_VERSION_NOT_NEWER");
    const m = await run("migrate");
    expect(m.code).toBe(0);
    expect(m.json.host.applied).toEqual([]);
    expect(m.json.plugins.find((p: { id: string }) => p.id === "hello")).toMatchObject({ installedVersion: "1.1.0", pending: [] });
  });

  it("creates an account with a one-time password and grants its role; refuses a duplicate or an unknown jurisdiction", async () => {
    const r = await run("user", "create", "zhang.san", "-j", "340100", "--role", "jurisdiction-admin", "--name", "张三");
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ user: { username: "zhang.san", homeJurisdiction: "340100", mustChangePassword: true }, roles: ["jurisdiction-admin"] });
    expect(r.json.password).toMatch(/^.{16,}$/);
    const human = await ws.run(["user", "create", "zhao.liu", "-j", "340700"]);
    expect(human.stdout).toContain("初始密码 Initial password");
    const dup = await run("user", "create", "Zhang.San", "-j", "340100");
    expect(dup.code).toBe(1);
    expect(dup.json.error.code).toBe("USERNAME_TAKEN");
    const nowhere = await run("user", "create", "wu.qi", "-j", "999999");
    expect(nowhere.json.error.code).toBe("JURISDICTION_NOT_FOUND");
    const list = await run("user", "list");
    expect(list.json.items.map((u: { username: string }) => u.username).sort()).toEqual(["zhang.san", "zhao.liu"]);
  });

  it("H10: offboards a staff member — account disabled, roles revoked, returned keys and pledge recorded", async () => {
    const r = await run("user", "offboard", "zhang.san", "--returned-key", "门禁卡-0012", "--usb-key", "UK-3301", "--pledge-signed", "--note", "调离");
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ username: "zhang.san", returnedKeys: ["门禁卡-0012"], usbKeys: ["UK-3301"], pledgeSigned: true, rolesRevoked: true });
    const active = await run("user", "list");
    expect(active.json.items.map((u: { username: string }) => u.username)).toEqual(["zhao.liu"]);
    const all = await run("user", "list", "--disabled");
    expect(all.json.items.find((u: { username: string }) => u.username === "zhang.san")).toMatchObject({ disabled: true });
    // A disabled account gets no API key; an unknown one is not found.
    expect((await run("user", "apikey", "zhang.san", "--name", "x")).json.error.code).toBe("USER_NOT_FOUND");
    const nobody = await run("user", "offboard", "nobody");
    expect(nobody.code).toBe(1);
    expect(nobody.json.error.code).toBe("USER_NOT_FOUND");
  });

  it("verifies the audit trail of everything above, refuses a purge inside the retention period, and names a tampered row", async () => {
    const ok = await run("audit", "verify");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, problems: [] });
    expect(ok.json.checked).toBeGreaterThan(5);
    const early = await run("audit", "purge", "--before", "2026-11-01");
    expect(early.code).toBe(1);
    expect(early.json.error.code).toBe("AUDIT_RETENTION_VIOLATION");
    const old = await run("audit", "purge", "--before", "2025-01-01");
    expect(old.code, old.stderr).toBe(0);
    expect(old.json.deleted).toBe(0);
    // Incremental: re-check the head noted from the first run and walk only what came after it.
    const since = await run("audit", "verify", "--since", `${ok.json.head.seq}:${ok.json.head.hash}`);
    expect(since.code, since.stderr).toBe(0);
    expect(since.json).toMatchObject({ ok: true, incremental: true, since: ok.json.head, firstSeq: ok.json.head.seq + 1 });
    expect(since.json.checked).toBe(since.json.lastSeq - ok.json.head.seq);
    // Someone with database access rewrites one record: verify finds it and exits 1.
    const { createDataSource } = await import("@anju/data");
    const ds = await createDataSource({ url: ws.db?.url ?? `sqlite:${path.join(ws.dataDir, "anju.sqlite")}`, entities: [] });
    if (!ds.isInitialized) await ds.initialize();
    try {
      const [row] = await ds.query("SELECT seq FROM anju_audit WHERE action = 'users.offboard'");
      await ds.query("UPDATE anju_audit SET user_id = 'someone-else' WHERE seq = ?", [row.seq]);
      const broken = await run("audit", "verify");
      expect(broken.code).toBe(1);
      expect(broken.json.ok).toBe(false);
      expect(broken.json.problems).toEqual(expect.arrayContaining([expect.objectContaining({ seq: Number(row.seq), kind: "hash_mismatch" })]));
      const human = await ws.run(["audit", "verify"]);
      expect(human.stdout).toContain(`#${Number(row.seq)} hash_mismatch`);
    } finally {
      await ds.destroy();
    }
  });

  sqliteOnly("refuses a folder without a manifest, an unknown id and an unsupported file, installing nothing", async () => {
    const noManifest = path.join(ws.dataDir, "not-a-plugin");
    fs.mkdirSync(noManifest);
    fs.writeFileSync(path.join(noManifest, "package.json"), JSON.stringify({ name: "not-a-plugin", version: "1.0.0" }));
    const r = await run("plugin", "install", noManifest);
    expect(r.code).toBe(1);
    expect(r.json.error).toMatchObject({ code: "MANIFEST_INVALID", data: { field: "anju" } });
    expect((await run("plugin", "install", "no-such-plugin")).json.error.code).toBe("PLUGIN_NOT_FOUND");
    const zip = path.join(ws.dataDir, "plugin.zip");
    fs.writeFileSync(zip, "PK");
    const unsupported = await run("plugin", "install", zip);
    expect(unsupported.code).toBe(1);
    expect(unsupported.json.error.code).toBe("PACKAGE_UNSUPPORTED");
    expect((await run("plugin", "list")).json.map((p: { id: string }) => p.id)).toEqual(["hello", "needs-hello"]);
  });

  sqliteOnly("uninstalls in dependency order; --purge reverts the plugin's migrations", async () => {
    expect((await run("plugin", "uninstall", "hello")).json.error.code).toBe("PLUGIN_REQUIRED_BY");
    expect((await run("plugin", "uninstall", "needs-hello")).code).toBe(0);
    const purged = await run("plugin", "uninstall", "hello", "--purge");
    expect(purged.code).toBe(0);
    expect(purged.json.purged).toEqual(["0002-greeting-mood", "0001-greeting"]);
    expect((await run("plugin", "list")).json.map((p: { id: string; state: string }) => p.state)).toEqual(["available", "available"]);
  });
});

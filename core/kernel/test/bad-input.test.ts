/**
 * Bad input an integrator (or an attacker) can hand the host: broken plugin manifests,
 * duplicate plugin ids, unknown jurisdictions, hostile jurisdiction names, impossible tree
 * shapes. Each is refused with a coded error that names what is wrong, and nothing is persisted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHost, testDbKinds } from "../src/testing.js";
import { TREE, fixture, persistedState, rejectionOf, sql, tableExists, useTempDirs, useTestHost, validManifest, writePluginPackage } from "./helpers.js";

/** Manifest variants: folder → [anju block, package version, expected code, field the error names]. */
const BAD_MANIFESTS: Record<string, [Record<string, unknown>, string, string, string | null]> = {
  "no-english-name": [{ ...validManifest("no-english-name"), displayName: { "zh-CN": "没有英文名" } }, "1.0.0", "MANIFEST_INVALID", "anju.displayName.en"],
  "wrong-kind": [validManifest("wrong-kind", { kind: "theme" }), "1.0.0", "MANIFEST_INVALID", "anju.kind"],
  "upper-case-id": [validManifest("Upper-Case"), "1.0.0", "MANIFEST_INVALID", "anju.id"],
  "short-version": [validManifest("short-version"), "1.0", "MANIFEST_INVALID", "anju.version"],
  "four-part-version": [validManifest("four-part-version"), "1.0.0.0", "MANIFEST_INVALID", "anju.version"],
  "unknown-key": [validManifest("unknown-key", { colour: "red" }), "1.0.0", "MANIFEST_INVALID", "anju.colour"],
  "host-range-garbage": [validManifest("host-range-garbage", { host: "the newest one" }), "1.0.0", "MANIFEST_INVALID", "anju.host"],
  "host-too-new": [validManifest("host-too-new", { host: "^2.0.0" }), "1.0.0", "PLUGIN_HOST_INCOMPATIBLE", null],
  "requires-garbage": [validManifest("requires-garbage", { requires: { hello: "any newer one" } }), "1.0.0", "MANIFEST_INVALID", "anju.requires.hello"],
  "requires-itself": [validManifest("requires-itself", { requires: { "requires-itself": "^1.0.0" } }), "1.0.0", "PLUGIN_DEPENDENCY_CYCLE", null],
  "bad-settings-schema": [validManifest("bad-settings-schema", { settings: { schema: { type: "no-such-type" } } }), "1.0.0", "MANIFEST_INVALID", "anju.settings.schema"],
  "role-unknown-permission": [validManifest("role-unknown-permission", {
    permissions: [{ code: "x:read", displayName: { "zh-CN": "读", en: "Read" } }],
    roles: [{ code: "x-admin", displayName: { "zh-CN": "管理", en: "Admin" }, permissions: ["x:write"] }],
  }), "1.0.0", "MANIFEST_INVALID", "anju.roles.0.permissions"],
  // A groups page (nested item cards) must say how its answer nests.
  "groups-page-without-groups": [validManifest("groups-page-without-groups", {
    pages: [{ key: "board", type: "groups", title: { "zh-CN": "看板", en: "Board" }, action: "x.things.board", item: { title: "name" } }],
  }), "1.0.0", "MANIFEST_INVALID", "anju.pages.0.groups"],
  "groups-page-bad-level": [validManifest("groups-page-bad-level", {
    pages: [{ key: "board", type: "groups", title: { "zh-CN": "看板", en: "Board" }, action: "x.things.board", item: { title: "name" }, groups: { path: "buildings", children: { title: "name" } } }],
  }), "1.0.0", "MANIFEST_INVALID", "anju.pages.0.groups.children.path"],
};

const HOSTILE_NAMES = ["O'Brien", "<script>alert(1)</script>", "x'; DROP TABLE anju_plugin; --", "合肥\"市", "a\\b", "tab\there"];

describe.each(testDbKinds())("bad input on %s", (db) => {
  let badRoot: string;
  beforeAll(() => {
    badRoot = fs.mkdtempSync(path.join(os.tmpdir(), "anju-bad-manifests-"));
    for (const [folder, [anju, version]] of Object.entries(BAD_MANIFESTS)) writePluginPackage(badRoot, folder, anju, { version });
    fs.mkdirSync(path.join(badRoot, "not-json"));
    fs.writeFileSync(path.join(badRoot, "not-json", "package.json"), '{ "anju": { "id": "not-json", ');
    writePluginPackage(badRoot, "dup-me", validManifest("dup-me"));
    writePluginPackage(badRoot, "dup-me-again", validManifest("dup-me"));
  });
  afterAll(() => fs.rmSync(badRoot, { recursive: true, force: true }));

  // Folders written here are unsigned: the development override lets the valid one in (signature
  // checks have their own tests in core/packaging); manifest checks come first either way.
  const h = useTestHost(() => ({ db, pluginDirs: [fixture("basic")], allowUnsignedPlugins: true }));
  const tempDir = useTempDirs();

  describe("plugin manifests", () => {
    it.each(Object.entries(BAD_MANIFESTS))("%s → refused naming the field, nothing persisted or copied", async (folder, [, , code, field]) => {
      const { host, t } = h;
      const before = await persistedState(host.ds);
      const err = await rejectionOf(host.plugins.installFromDir(path.join(badRoot, folder)));
      expect(err).toMatchObject({ type: code, code: 422 });
      if (field) {
        expect(err.data).toMatchObject({ field });
        expect(err.messages.en).toContain(field);
      }
      expect(await persistedState(host.ds)).toEqual(before);
      expect(fs.existsSync(path.join(t.dataDir, "plugins", folder))).toBe(false);
    });

    it("a package.json that is not JSON → MANIFEST_INVALID naming package.json", async () => {
      const err = await rejectionOf(h.host.plugins.installFromDir(path.join(badRoot, "not-json")));
      expect(err).toMatchObject({ type: "MANIFEST_INVALID", data: { field: "package.json" } });
    });

    it("a folder of packages: every broken one is reported by discovery with its code, none is offered", async () => {
      const { host } = h;
      const t2 = await createTestHost({ db, pluginDirs: [badRoot] });
      try {
        const problems = t2.host.plugins.discoveryProblems();
        const byFolder = Object.fromEntries(problems.map((p) => [path.basename(p.dir), p.code]));
        for (const [folder, [, , code]] of Object.entries(BAD_MANIFESTS)) expect(byFolder[folder]).toBe(code);
        expect(byFolder["not-json"]).toBe("MANIFEST_INVALID");
        expect(byFolder["dup-me-again"]).toBe("PLUGIN_DUPLICATE_ID");
        expect((await t2.host.plugins.list()).map((p) => p.id)).toEqual(["dup-me"]);
      } finally {
        await t2.stop();
      }
      expect(host.plugins.discoveryProblems()).toEqual([]);
    });

    it("one id in two folders → PLUGIN_DUPLICATE_ID naming both folders", async () => {
      const root = tempDir();
      writePluginPackage(root, "first", validManifest("twin"));
      writePluginPackage(root, "second", validManifest("twin"));
      const t2 = await createTestHost({ db, pluginDirs: [root] });
      try {
        const [problem, ...rest] = t2.host.plugins.discoveryProblems();
        expect(rest).toEqual([]);
        expect(problem).toMatchObject({ code: "PLUGIN_DUPLICATE_ID", dir: path.join(root, "second") });
        expect(problem.message).toContain(path.join(root, "first"));
        // The console shows it in the user's language.
        expect(problem.messages.en).toContain(path.join(root, "first"));
        expect(problem.messages.en).not.toBe(problem.messages["zh-CN"]);
      } finally {
        await t2.stop();
      }
    });

    it("installing from a folder a plugin another plugin folder already offers → PLUGIN_DUPLICATE_ID, nothing copied", async () => {
      const { host, t } = h;
      const copy = path.join(tempDir(), "hello");
      fs.cpSync(fixture("basic", "hello"), copy, { recursive: true });
      const before = await persistedState(host.ds);
      expect(await rejectionOf(host.plugins.installFromDir(copy))).toMatchObject({ type: "PLUGIN_DUPLICATE_ID", code: 409, data: { id: "hello" } });
      expect(await persistedState(host.ds)).toEqual(before);
      expect(fs.existsSync(path.join(t.dataDir, "plugins", "hello"))).toBe(false);
    });

    it("a valid package from a folder installs (the control for the cases above)", async () => {
      const dir = writePluginPackage(tempDir(), "plain", validManifest("plain"));
      expect(await h.host.plugins.installFromDir(dir)).toEqual({ installed: ["plain"], id: "plain" });
      expect((await h.host.plugins.list()).find((p) => p.id === "plain")?.signature).toMatchObject({ status: "unsigned-override", code: "PLUGIN_SIGNATURE_UNVERIFIABLE" });
    });
  });

  describe("unknown jurisdictions", () => {
    const unknownCodes = ["999999", "x'; DROP TABLE anju_plugin; --"];

    it.each(unknownCodes)("enable/disable/configure/settings at %j → JURISDICTION_NOT_FOUND, nothing stored", async (code) => {
      const { host } = h;
      await host.plugins.install("hello");
      const before = await persistedState(host.ds);
      for (const attempt of [
        () => host.plugins.enable("hello", code),
        () => host.plugins.disable("hello", code),
        () => host.plugins.configure("hello", code, { greeting: "早安" }),
        () => host.plugins.settings("hello", code),
      ]) {
        expect(await rejectionOf(attempt())).toMatchObject({ type: "JURISDICTION_NOT_FOUND", code: 404 });
      }
      expect(await persistedState(host.ds)).toEqual(before);
      expect(await tableExists(host.ds, "anju_plugin")).toBe(true);
    });

    it("a parent that does not exist → JURISDICTION_NOT_FOUND", async () => {
      const err = await rejectionOf(h.host.jurisdictions.add({ code: "341100", name: "滁州市", level: "city", parentCode: "349999" }));
      expect(err).toMatchObject({ type: "JURISDICTION_NOT_FOUND", data: { code: "349999" } });
      expect(await h.host.jurisdictions.find("341100")).toBeNull();
    });
  });

  describe("jurisdiction names and codes", () => {
    it.each(HOSTILE_NAMES)("the name %j → JURISDICTION_INVALID, nothing inserted", async (name) => {
      const { host } = h;
      const before = await persistedState(host.ds);
      const err = await rejectionOf(host.jurisdictions.add({ code: "341100", name, level: "city", parentCode: TREE.province }));
      expect(err).toMatchObject({ type: "JURISDICTION_INVALID", code: 422 });
      expect(await persistedState(host.ds)).toEqual(before);
    });

    it.each(HOSTILE_NAMES)("renaming to %j → JURISDICTION_INVALID, the old name stays", async (name) => {
      const { host } = h;
      expect(await rejectionOf(host.jurisdictions.rename(TREE.hefei, name))).toMatchObject({ type: "JURISDICTION_INVALID" });
      expect((await host.jurisdictions.get(TREE.hefei)).name).toBe("合肥市");
    });

    it("through the REST-facing action a hostile name is refused before it reaches the store", async () => {
      const { host } = h;
      const before = await persistedState(host.ds);
      const err = await rejectionOf(host.call("jurisdictions.create", { code: "341100", name: "<script>", level: "city", parentCode: TREE.province }));
      expect(err).toMatchObject({ code: 422 });
      expect(await persistedState(host.ds)).toEqual(before);
    });

    it.each(["34'00", "", "a", "x; DROP", "3".repeat(33)])("the code %j → JURISDICTION_INVALID, nothing inserted", async (code) => {
      const before = await persistedState(h.host.ds);
      expect(await rejectionOf(h.host.jurisdictions.add({ code, name: "某地", level: "province" }))).toMatchObject({ type: "JURISDICTION_INVALID" });
      expect(await persistedState(h.host.ds)).toEqual(before);
    });

    it("a level that is not one of the five → JURISDICTION_INVALID", async () => {
      const err = await rejectionOf(h.host.jurisdictions.add({ code: "341100", name: "滁州市", level: "prefecture" as never, parentCode: TREE.province }));
      expect(err).toMatchObject({ type: "JURISDICTION_INVALID" });
    });

    it("a code that exists → JURISDICTION_EXISTS, the existing node untouched", async () => {
      const err = await rejectionOf(h.host.jurisdictions.add({ code: TREE.hefei, name: "另一个合肥", level: "city", parentCode: TREE.province }));
      expect(err).toMatchObject({ type: "JURISDICTION_EXISTS", code: 409 });
      expect((await h.host.jurisdictions.get(TREE.hefei)).name).toBe("合肥市");
    });

    it("ordinary names with spaces and full-width punctuation are accepted", async () => {
      const added = await h.host.jurisdictions.add({ code: "340104", name: "  蜀山区（高新区） ", level: "county", parentCode: TREE.hefei });
      expect(added.name).toBe("蜀山区（高新区）");
    });
  });

  describe("tree shape", () => {
    it.each([
      ["a city under a county", "city", TREE.yaohai],
      ["a county under a county", "county", TREE.yaohai],
      ["a province under a province", "province", TREE.province],
    ] as const)("%s → JURISDICTION_INVALID, nothing inserted", async (_what, level, parentCode) => {
      const before = await persistedState(h.host.ds);
      const err = await rejectionOf(h.host.jurisdictions.add({ code: "349901", name: "错位", level, parentCode }));
      expect(err).toMatchObject({ type: "JURISDICTION_INVALID", code: 422 });
      expect(await persistedState(h.host.ds)).toEqual(before);
    });

    it("moving a node under its own child, or under itself → JURISDICTION_INVALID, no path changes", async () => {
      const { host } = h;
      await host.jurisdictions.add({ code: "340102001", name: "红光街道", level: "street", parentCode: TREE.yaohai });
      const before = await persistedState(host.ds);
      for (const [code, under] of [[TREE.hefei, TREE.yaohai], [TREE.hefei, "340102001"], [TREE.yaohai, TREE.yaohai]]) {
        expect(await rejectionOf(host.jurisdictions.move(code, under))).toMatchObject({ type: "JURISDICTION_INVALID" });
      }
      expect(await persistedState(host.ds)).toEqual(before);
    });

    it("moving a county under another county → JURISDICTION_INVALID", async () => {
      const before = await persistedState(h.host.ds);
      expect(await rejectionOf(h.host.jurisdictions.move(TREE.yaohai, TREE.tongguan))).toMatchObject({ type: "JURISDICTION_INVALID" });
      expect(await persistedState(h.host.ds)).toEqual(before);
    });

    it("a valid move rewrites the subtree's paths and the plugin gate follows the new parent at once", async () => {
      const { host } = h;
      await host.jurisdictions.add({ code: "340102001", name: "红光街道", level: "street", parentCode: TREE.yaohai });
      await host.plugins.install("hello");
      await host.plugins.enable("hello", TREE.tongling);
      const call = () => host.call<{ jurisdiction: string }>("hello.greet", {}, { principal: { id: "u1", kind: "user" }, jurisdiction: "340102001" });
      expect(await rejectionOf(call())).toMatchObject({ type: "PLUGIN_NOT_ENABLED" });

      await host.jurisdictions.move(TREE.yaohai, TREE.tongling);
      expect((await host.jurisdictions.get("340102001")).path).toBe("/340000/340700/340102/340102001/");
      expect((await call()).jurisdiction).toBe("340102001");
    });

    it("removing a node that has children → JURISDICTION_HAS_CHILDREN, nothing removed", async () => {
      const before = await persistedState(h.host.ds);
      expect(await rejectionOf(h.host.jurisdictions.remove(TREE.hefei))).toMatchObject({ type: "JURISDICTION_HAS_CHILDREN", code: 409 });
      expect(await persistedState(h.host.ds)).toEqual(before);
      expect(await sql(h.host.ds, "SELECT code FROM anju_jurisdiction WHERE code = ?", [TREE.hefei])).toHaveLength(1);
    });
  });
});

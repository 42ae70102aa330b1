/**
 * Plugins' default forms and jurisdictions' extensions over HTTP: installed as the plugin's
 * version, readable only where the plugin is enabled, extended by a city and a county without
 * forking, refused when an extension removes or loosens, carried over a plugin upgrade, and a
 * conflicting upgrade reported (status and list) while the last good form stays in force.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { auditRows, DEMO_FORM, startFormsNode, TREE, UPGRADES_DIR, type FormsNode } from "./helpers.js";

type Schema = { type: string; required: string[]; properties: Record<string, Record<string, unknown>>; [k: string]: unknown };

describe.each(testDbKinds())("plugin forms and extensions on %s", (kind) => {
  let f: FormsNode;
  let base: Schema;
  const url = `/api/forms/${DEMO_FORM}`;

  beforeAll(async () => {
    f = await startFormsNode(kind, ["designer", "countyDesigner", "tlDesigner", "official"]);
    await f.n.host.plugins.install("forms-demo");
    // Hefei only: the form is readable where the plugin is enabled, and nowhere else.
    await f.n.host.plugins.enable("forms-demo", TREE.hefei);
  });
  afterAll(async () => f?.close());

  it("installs the plugin's form published as the plugin's version", async () => {
    const r = await f.api("official", "GET", url);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ key: DEMO_FORM, version: 1, pluginVersion: "1.0.0", owner: { plugin: "forms-demo", jurisdiction: null }, extension: null });
    base = r.body.schema;
    expect(Object.keys(base.properties)).toEqual(["building", "inspectedOn", "residents", "hazard", "contact", "photo"]);
    const versions = await f.api("official", "GET", `${url}/versions`);
    expect(versions.body.versions).toEqual([expect.objectContaining({ version: 1, state: "published", pluginVersion: "1.0.0", createdBy: "plugin:forms-demo" })]);
    expect((await auditRows(f, "forms.plugin.install")).map((a) => [a.object, a.result])).toContainEqual([DEMO_FORM, "success"]);
  });

  it("answers 404 where the plugin is not enabled, and refuses to let a designer edit the plugin's own form", async () => {
    const r = await f.api("tlDesigner", "GET", url);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("FORM_NOT_FOUND");
    expect((await f.api("tlDesigner", "PUT", `${url}/extension`, { schema: base })).status).toBe(404);
    const edit = await f.api("designer", "PUT", `${url}/draft`, { schema: base });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("FORM_NOT_EDITABLE");
  });

  it("lets the city extend the form: adds fields, tightens rules, and the county official gets the result", async () => {
    const desired: Schema = structuredClone(base);
    desired.properties.phone = { type: "string", title: "值班电话 Duty phone", pattern: "^0551-[0-9]{8}$" };
    desired.required = [...desired.required, "phone"];
    desired.properties.residents = { ...desired.properties.residents, maximum: 300 };
    desired.properties.hazard = { ...desired.properties.hazard, enum: ["none", "fire", "gas"] };
    const r = await f.api("designer", "PUT", `${url}/extension`, { schema: desired });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ jurisdiction: TREE.hefei, revision: 1, status: "active", baseVersion: 1, latestVersion: 1, conflicts: [] });
    expect(r.body.delta.root.object.add).toEqual({ phone: desired.properties.phone });

    const seen = await f.api("official", "GET", url);
    expect(seen.body).toMatchObject({ version: 1, extension: { jurisdiction: TREE.hefei, revision: 1, status: "active" } });
    expect(seen.body.schema.required).toEqual(["building", "inspectedOn", "residents", "phone"]);
    expect(seen.body.schema.properties.residents.maximum).toBe(300);
    expect(seen.body.schema.properties.hazard.enum).toEqual(["none", "fire", "gas"]);
    // The plugin's layout gets a control for the new field.
    expect(seen.body.uischema.elements.at(-1)).toEqual({ type: "Control", scope: "#/properties/phone" });
    expect((await auditRows(f, "forms.extend")).at(-1)).toMatchObject({ object: DEMO_FORM, result: "success", jurisdiction: TREE.hefei });
  });

  describe("refuses an extension that removes or loosens, naming the path, and stores nothing", () => {
    const cases: Array<[string, (s: Schema) => void, string, string]> = [
      ["removes a field", (s) => { delete s.properties.contact; }, "FORM_EXTENSION_REMOVES_FIELD", "properties.contact"],
      ["makes a required field optional", (s) => { s.required = s.required.filter((r) => r !== "residents"); }, "FORM_EXTENSION_LOOSENS", "required"],
      ["raises a maximum", (s) => { s.properties.residents.maximum = 1000; }, "FORM_EXTENSION_LOOSENS", "properties.residents.maximum"],
      ["lowers a minimum length", (s) => { s.properties.building.minLength = 0; }, "FORM_EXTENSION_LOOSENS", "properties.building.minLength"],
      ["allows an enum value the plugin does not", (s) => { s.properties.hazard.enum = ["none", "flood"]; }, "FORM_EXTENSION_LOOSENS", "properties.hazard.enum"],
      ["drops a pattern", (s) => { delete (s.properties.contact.properties as Record<string, Record<string, unknown>>).mobile.pattern; }, "FORM_EXTENSION_LOOSENS", "properties.contact.properties.mobile.pattern"],
      ["opens a closed object", (s) => { s.additionalProperties = true; }, "FORM_EXTENSION_LOOSENS", "additionalProperties"],
      ["changes a field's type", (s) => { s.properties.residents.type = "string"; }, "FORM_EXTENSION_CHANGES_FIELD", "properties.residents.type"],
      ["widens an attachment's types", (s) => { s.properties.photo["x-attachment"] = { types: ["png", "jpeg", "pdf"], maxBytes: 8192 }; }, "FORM_EXTENSION_LOOSENS", "properties.photo.x-attachment"],
    ];
    it.each(cases)("%s", async (_what, mutate, code, pathName) => {
      const before = await f.api("designer", "GET", `${url}/extension`);
      const desired: Schema = structuredClone(before.body.schema);
      mutate(desired);
      const r = await f.api("designer", "PUT", `${url}/extension`, { schema: desired });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.data.path).toBe(pathName);
      expect(r.body.error.message).toContain(pathName);
      expect((await f.api("designer", "GET", `${url}/extension`)).body).toEqual(before.body);
    });
  });

  it("stacks a county extension on the city's: the county official fills base + city + county", async () => {
    const parent = (await f.api("countyDesigner", "GET", url)).body;
    expect(parent.extension.jurisdiction).toBe(TREE.hefei);
    const desired: Schema = structuredClone(parent.schema);
    desired.properties.floor = { type: "integer", minimum: 1, maximum: 40, title: "楼层 Floor" };
    desired.properties.building = { ...desired.properties.building, maxLength: 20 };
    const r = await f.api("countyDesigner", "PUT", `${url}/extension`, { schema: desired, uischema: parent.uischema });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const seen = await f.api("official", "GET", url);
    expect(seen.body.extension).toMatchObject({ jurisdiction: TREE.yaohai, revision: 1 });
    expect(Object.keys(seen.body.schema.properties)).toEqual(expect.arrayContaining(["phone", "floor"]));
    expect(seen.body.schema.properties.building.maxLength).toBe(20);
    expect(seen.body.schema.required).toContain("phone");
    // The county cannot undo what the city requires either.
    const loosen = structuredClone(seen.body.schema) as Schema;
    loosen.required = loosen.required.filter((x) => x !== "phone");
    const refused = await f.api("countyDesigner", "PUT", `${url}/extension`, { schema: loosen });
    expect(refused.body.error).toMatchObject({ code: "FORM_EXTENSION_LOOSENS", data: { path: "required", base: "\"phone\"" } });
  });

  it("keeps the extensions across a plugin upgrade: version 2 carries the new field and the city's and county's additions", async () => {
    await f.n.host.plugins.upgrade("forms-demo", path.join(UPGRADES_DIR, "forms-demo-1.1.0"));
    const versions = (await f.api("official", "GET", `${url}/versions`)).body.versions;
    expect(versions.map((v: { version: number; pluginVersion: string }) => `${v.version}@${v.pluginVersion}`)).toEqual(["1@1.0.0", "2@1.1.0"]);
    const seen = await f.api("official", "GET", url);
    expect(seen.body).toMatchObject({ version: 2, pluginVersion: "1.1.0", extension: { jurisdiction: TREE.yaohai, status: "active", baseVersion: 2, revision: 2 } });
    expect(Object.keys(seen.body.schema.properties)).toEqual(expect.arrayContaining(["notes", "phone", "floor"]));
    expect(seen.body.schema.properties.residents.maximum).toBe(300);
    const city = (await f.api("designer", "GET", `${url}/extension`)).body;
    expect(city).toMatchObject({ status: "active", baseVersion: 2, revision: 2 });
    expect(city.revisions.map((r: { revision: number; reason: string; baseVersion: number }) => `${r.revision}:${r.reason}@${r.baseVersion}`)).toEqual(["1:design@1", "2:rebase@2"]);
    const diff = await f.api("official", "GET", `${url}/diff?from=1&to=2`);
    expect(diff.body.changes.map((c: { text: string }) => c.text)).toContain("properties.notes added");
    expect((await f.api("official", "GET", "/api/forms/conflicts")).body.extensions).toEqual([]);
  });

  it("reports a conflicting upgrade instead of merging it, and keeps the last good form in force", async () => {
    await f.n.host.plugins.upgrade("forms-demo", path.join(UPGRADES_DIR, "forms-demo-1.2.0"));
    const conflicts = await f.api("designer", "GET", "/api/forms/conflicts");
    expect(conflicts.status).toBe(200);
    expect(conflicts.body.extensions).toEqual([
      expect.objectContaining({
        key: DEMO_FORM, jurisdiction: TREE.hefei, status: "conflict", baseVersion: 2, latestVersion: 3, latestPluginVersion: "1.2.0",
        conflicts: [expect.objectContaining({ path: "properties.phone", kind: "FIELD_DEFINED_BY_BASE", messages: expect.objectContaining({ "zh-CN": expect.any(String), en: expect.any(String) }) })],
      }),
    ]);
    const city = (await f.api("designer", "GET", `${url}/extension`)).body;
    expect(city).toMatchObject({ status: "conflict", baseVersion: 2, latestVersion: 3 });
    // Pinned: the city's officials (and the county's, built on it) still fill version 2 with phone as text.
    const seen = await f.api("official", "GET", url);
    expect(seen.body).toMatchObject({ version: 2, extension: { jurisdiction: TREE.yaohai } });
    expect(seen.body.schema.properties.phone.type).toBe("string");
    // Another branch sees nothing of it.
    expect((await f.api("tlDesigner", "GET", "/api/forms/conflicts")).body.extensions).toEqual([]);
    expect((await auditRows(f, "forms.extension.conflict")).at(-1)).toMatchObject({ object: `${DEMO_FORM}@${TREE.hefei}`, result: "failure" });
  });

  it("is resolved by the designer extending the new version, after which the county follows", async () => {
    const fresh = (await f.api("designer", "GET", `${url}/versions/3`)).body;
    const desired: Schema = structuredClone(fresh.schema);
    desired.required = [...desired.required, "phone"];
    desired.properties.residents = { ...desired.properties.residents, maximum: 300 };
    const r = await f.api("designer", "PUT", `${url}/extension`, { schema: desired });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: "active", baseVersion: 3, conflicts: [] });
    expect((await f.api("designer", "GET", "/api/forms/conflicts")).body.extensions).toEqual([]);
    const seen = await f.api("official", "GET", url);
    expect(seen.body).toMatchObject({ version: 3, extension: { jurisdiction: TREE.yaohai, status: "active", baseVersion: 3 } });
    expect(seen.body.schema.properties.phone.type).toBe("integer");
    expect(seen.body.schema.properties).toHaveProperty("floor");
  });

  it("reports a plugin form it refuses (and installs the plugin's good one)", async () => {
    await f.n.host.plugins.install("forms-bad");
    await f.n.host.plugins.enable("forms-bad", TREE.hefei);
    const r = await f.api("designer", "GET", "/api/forms/conflicts");
    expect(r.body.pluginForms).toEqual([expect.objectContaining({ plugin: "forms-bad", file: "forms/remote.json", code: "FORM_SCHEMA_REMOTE_REF" })]);
    expect((await f.api("designer", "GET", "/api/forms/forms-bad.good")).status).toBe(200);
    expect((await f.api("designer", "GET", "/api/forms/forms-bad.remote")).status).toBe(404);
  });

  it("refuses to extend a jurisdiction's own form", async () => {
    const own = await f.api("designer", "POST", "/api/forms", { key: "own-form", title: { "zh-CN": "自有", en: "Own" }, schema: { type: "object", properties: { a: { type: "string" } } } });
    expect(own.status).toBe(200);
    await f.api("designer", "POST", "/api/forms/own-form/publish", {});
    const r = await f.api("countyDesigner", "PUT", "/api/forms/own-form/extension", { schema: { type: "object", properties: { a: { type: "string" }, b: { type: "string" } } } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("FORM_NOT_EXTENSIBLE");
  });
});

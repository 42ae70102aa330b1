import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readPluginPackage } from "@anju/kernel";
import plugin from "../src/index.js";
import { CommunityActions } from "../src/actions.js";
import {
  ACCESS_DIRECTIONS, ACCESS_EVENT_KINDS, ACCESS_METHODS, ACCESS_OUTCOMES, AUTHORISATION_STATUSES, AUTHORISATION_SUBJECTS, ACCESS_POINT_KINDS, COMMUNITY_CLASSES, CREDENTIAL_TYPES, FACILITY_STATUSES, FACILITY_TYPES, ONLINE_STATES, ROLE_PERMISSIONS, SETTINGS_DEFAULTS,
} from "../src/constants.js";
import { COMMUNITY_ENTITIES } from "../src/entities/index.js";
import { CommunityErrors } from "../src/errors.js";

const ROOT = path.join(__dirname, "..");
const pkg = readPluginPackage(ROOT);
const locales = Object.fromEntries(["zh-CN", "en"].map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, "locales", `${l}.json`), "utf8")).community]));

const ENUMS: Record<string, readonly string[]> = {
  communityClass: COMMUNITY_CLASSES, facilityType: FACILITY_TYPES, facilityStatus: FACILITY_STATUSES,
  credentialType: CREDENTIAL_TYPES, accessPointKind: ACCESS_POINT_KINDS, onlineState: ONLINE_STATES,
  authorisationSubject: AUTHORISATION_SUBJECTS, authorisationStatus: AUTHORISATION_STATUSES, accessEventKind: ACCESS_EVENT_KINDS,
  accessDirection: ACCESS_DIRECTIONS, accessMethod: ACCESS_METHODS, accessOutcome: ACCESS_OUTCOMES,
};
// Entity names → locale keys: CommunityAccessPoint → accessPoint.
const localeKey = (entityName: string) => entityName.replace(/^Community/, "").replace(/^./, (c) => c.toLowerCase());

describe("manifest, settings and labels", () => {
  it("is a valid base plugin manifest with id community", () => {
    expect(pkg.manifest).toMatchObject({ id: "community", kind: "base", host: "^1.0.0" });
    expect(pkg.manifest.displayName["zh-CN"]).toBeTruthy();
  });

  it("settings default to T1's year 2001, H1's custodian rule and K1's nine facility types", () => {
    const props = pkg.manifest.settings!.schema.properties as Record<string, { default: unknown; items?: { enum: string[] } }>;
    expect(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default]))).toEqual(SETTINGS_DEFAULTS);
    expect(props.facilityTypes.items!.enum).toEqual([...FACILITY_TYPES]);
    expect(SETTINGS_DEFAULTS).toMatchObject({ oldBuiltBefore: 2001, requireCustodian: true });
  });

  it("declares the roles the permission check knows, with the same permissions", () => {
    for (const role of pkg.manifest.roles ?? []) expect(ROLE_PERMISSIONS[role.code]).toEqual(role.permissions);
  });

  it("labels every field and every enum value in zh-CN and en", () => {
    for (const locale of Object.values(locales)) {
      for (const entity of COMMUNITY_ENTITIES) {
        const key = localeKey(String(entity.options.name));
        expect(locale.entities[key], key).toBeTruthy();
        for (const column of Object.keys(entity.options.columns)) expect(locale.fields[key]?.[column], `${key}.${column}`).toBeTruthy();
      }
      for (const [name, values] of Object.entries(ENUMS)) {
        for (const v of values) expect(locale.enums[name]?.[v], `${name}.${v}`).toBeTruthy();
      }
      for (const setting of Object.keys(SETTINGS_DEFAULTS)) expect(locale.settings[setting]?.label, setting).toBeTruthy();
    }
  });

  it("every error has a zh-CN and an en message, and every rule-enforcing error names its rule", () => {
    for (const [code, spec] of Object.entries(CommunityErrors.specs)) {
      expect(code.startsWith("COMMUNITY_"), code).toBe(true);
      expect(spec.messages["zh-CN"] && spec.messages.en, code).toBeTruthy();
    }
    for (const code of ["COMMUNITY_CLASS_REQUIRED", "COMMUNITY_CLASS_CONFLICT", "COMMUNITY_CUSTODIAN_REQUIRED", "COMMUNITY_FACILITY_TYPE_NOT_ALLOWED"] as const) {
      expect(CommunityErrors.specs[code].messages.en).toContain("{rule}");
    }
  });

  it("routes and pages point at actions the plugin's services define", () => {
    const defined = new Set((plugin.services ?? []).flatMap((s) => Object.keys(s.actions ?? {}).map((a) => `${s.name}.${a}`)));
    const named = JSON.stringify(CommunityActions).match(/"community[^"]*"/g)!.map((s) => JSON.parse(s) as string);
    expect([...defined].sort()).toEqual([...new Set(named)].sort());
    for (const route of plugin.routes ?? []) expect(defined.has(route.action), route.path).toBe(true);
    for (const page of pkg.manifest.pages ?? []) expect(defined.has(String(page.action)), page.key).toBe(true);
    const keys = plugin.routes!.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

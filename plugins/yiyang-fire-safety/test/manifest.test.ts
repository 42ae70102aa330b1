/** The manifest, the labels and the code agree with each other. */
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { readPluginPackage } from "@anju/kernel";
import { ACCESS_EVENT_KINDS, ACCESS_OUTCOMES, AUTHORISATION_STATUSES, AUTHORISATION_SUBJECTS, COMMUNITY_CLASSES } from "@anju/plugin-community";
import { YiyangActions } from "../src/actions.js";
import {
  BUILT_LEVELS, COMMUNITY_STATUSES, DEVICE_ALARM_STATUSES, HANDLING_STAGES, NOTICE_LEVELS, SEVERITIES, VERDICTS, NOTICE_STATUSES, Permissions, ROLE_PERMISSIONS, SETTINGS_DEFAULTS, STANDARD_ITEMS, TARGET_STATUSES,
} from "../src/constants.js";
import { RentalPi } from "../src/entities/index.js";
import { CountyAuthorisationPi } from "../src/alarms/county-access.js";
import { YiyangErrors } from "../src/errors.js";
import { YIYANG_ROUTES } from "../src/routes.js";

const ROOT = path.join(__dirname, "..");
const manifest = readPluginPackage(ROOT).manifest;
const settingsSchema = manifest.settings!.schema as { properties: Record<string, { default: unknown; items?: { enum?: string[] } }> };
const locales = Object.fromEntries(["zh-CN", "en"].map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, "locales", `${l}.json`), "utf8"))["yiyang-fire-safety"]]));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validSettings = ajv.compile(manifest.settings!.schema);
type Page = { key: string; action?: string; columns?: string[]; i18n?: string; enums?: Record<string, string>; actions?: Record<string, string> };
const pages = (manifest.pages ?? []) as Page[];

describe("manifest, settings and labels", () => {
  it("is a city plugin that requires the community registry", () => {
    expect(manifest).toMatchObject({ id: "yiyang-fire-safety", kind: "city", requires: { community: "^0.1.0" } });
  });

  it("Y5/Y6: settings default to 50% by 2021-12-31, 100% by 2022-12-31 and at least 10% enhanced old communities", () => {
    expect(Object.fromEntries(Object.entries(settingsSchema.properties).map(([k, v]) => [k, v.default]))).toEqual(SETTINGS_DEFAULTS);
    expect(SETTINGS_DEFAULTS.milestones).toEqual([{ date: "2021-12-31", share: 50 }, { date: "2022-12-31", share: 100 }]);
    expect(SETTINGS_DEFAULTS.enhancedOldShare).toBe(10);
    for (const key of ["standard", "enhanced"]) expect(settingsSchema.properties[key].items!.enum).toEqual([...STANDARD_ITEMS]);
    expect(validSettings(SETTINGS_DEFAULTS)).toBe(true);
  });

  it("Y5/Y6: settings refuse less than 10% enhanced, no 100% target, a bad date or an empty standard", () => {
    const bad: Array<Record<string, unknown>> = [
      { enhancedOldShare: 9 }, { milestones: [{ date: "2021-12-31", share: 50 }] }, { milestones: [{ date: "2022-02-30", share: 100 }] },
      { milestones: [{ date: "2022-12-31", share: 101 }] }, { standard: [] }, { enhanced: ["sprinklers"] },
    ];
    for (const patch of bad) expect(validSettings({ ...SETTINGS_DEFAULTS, ...patch }), JSON.stringify(patch)).toBe(false);
    expect(validSettings({ ...SETTINGS_DEFAULTS, enhancedOldShare: 20, milestones: [{ date: "2021-06-30", share: 30 }, { date: "2022-06-30", share: 100 }] })).toBe(true);
  });

  it("declares the roles the permission fallback knows, with the same permissions; residents only read notices", () => {
    expect((manifest.permissions ?? []).map((p) => p.code).sort()).toEqual(Object.values(Permissions).sort());
    for (const role of manifest.roles ?? []) expect(ROLE_PERMISSIONS[role.code], role.code).toEqual(role.permissions);
    expect(ROLE_PERMISSIONS["yiyang-resident"]).toEqual([Permissions.noticeRead]);
  });

  it("Y7/Y2: declares every personal-information field of the rental registration and of the county's authorisations, as defined", () => {
    const declared = (manifest.pi ?? []).map((d) => `${d.entity}.${d.field}:${d.kind}${d.indexed ? ":indexed" : ""}`);
    const defined = [RentalPi, CountyAuthorisationPi].flatMap((set) => set.fields.map((f) => `${set.entity}.${f.property}:${f.kind}${f.indexProperty ? ":indexed" : ""}`));
    expect(declared.sort()).toEqual(defined.sort());
    for (const d of manifest.pi ?? []) expect(d.purpose?.["zh-CN"]).toBeTruthy();
  });

  it("every page's actions exist and have a route; every column, enum and error has both languages", () => {
    const actions = new Set<string>(Object.values(YiyangActions).flatMap((g) => Object.values(g)));
    const routed = new Set<string>(YIYANG_ROUTES.map((r) => r.action));
    for (const p of pages) {
      for (const a of [p.action, ...Object.values(p.actions ?? {})].filter(Boolean) as string[]) {
        expect(actions.has(a), `${p.key}: ${a}`).toBe(true);
        expect(routed.has(a), `${p.key}: ${a} has no route`).toBe(true);
      }
      const group = p.i18n?.split(".").at(-1);
      for (const lang of ["zh-CN", "en"]) {
        for (const c of p.columns ?? []) expect(locales[lang].fields[group!]?.[c], `${lang} ${p.key}.${c}`).toBeTruthy();
      }
    }
    const vocab: Record<string, readonly string[]> = {
      item: STANDARD_ITEMS, level: BUILT_LEVELS, targetStatus: TARGET_STATUSES, communityStatus: COMMUNITY_STATUSES,
      communityClass: COMMUNITY_CLASSES, noticeLevel: NOTICE_LEVELS, noticeStatus: NOTICE_STATUSES,
      stage: HANDLING_STAGES, severity: SEVERITIES, verdict: VERDICTS, alarmStatus: DEVICE_ALARM_STATUSES,
      subject: AUTHORISATION_SUBJECTS, authorisationStatus: AUTHORISATION_STATUSES, accessKind: ACCESS_EVENT_KINDS, accessOutcome: ACCESS_OUTCOMES,
    };
    for (const lang of ["zh-CN", "en"]) {
      for (const [group, values] of Object.entries(vocab)) expect(Object.keys(locales[lang].enums[group]).sort(), `${lang} ${group}`).toEqual([...values].sort());
      for (const key of Object.keys(settingsSchema.properties)) expect(locales[lang].settings[key]?.label, `${lang} settings ${key}`).toBeTruthy();
    }
    for (const spec of Object.values(YiyangErrors.specs)) expect(Object.keys(spec.messages).sort()).toEqual(["en", "zh-CN"]);
  });
});

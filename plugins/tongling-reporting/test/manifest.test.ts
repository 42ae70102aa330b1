/** The manifest, the shipped form, the labels and the code agree with each other. */
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { checkFormDocument, createFormsAjv, DEFAULT_LIMITS, ValidatorCache } from "@anju/forms";
import { readPluginPackage, validateManifest } from "@anju/kernel";
import { COMMUNITY_CLASSES } from "@anju/plugin-community";
import plugin from "../src/index.js";
import { TonglingActions } from "../src/actions.js";
import {
  AUDIENCES, BOARD_STATUSES, CHECKLIST_ITEMS, FINDING_STATUSES, MANDATORY_NEW_ITEMS, NOTIFICATION_KINDS, REPORT_FORM_KEY, REPORT_STATUSES,
  ROLE_PERMISSIONS, SETTINGS_DEFAULTS, TIMELINESS,
} from "../src/constants.js";
import { TonglingErrors } from "../src/errors.js";
import { authorFields, BASE_FIELDS } from "../src/reports/schema.js";

const ROOT = path.join(__dirname, "..");
const pkg = readPluginPackage(ROOT);
const manifest = pkg.manifest;
const settingsSchema = manifest.settings!.schema as { properties: Record<string, { default: unknown; properties?: Record<string, { items: { enum: string[] } }> }> };
const locales = Object.fromEntries(["zh-CN", "en"].map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, "locales", `${l}.json`), "utf8"))["tongling-reporting"]]));
const form = JSON.parse(fs.readFileSync(path.join(ROOT, "forms", "monthly-report.json"), "utf8"));

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validSettings = ajv.compile(manifest.settings!.schema);

describe("manifest, settings, form and labels", () => {
  it("is a city plugin that requires the community registry", () => {
    expect(manifest).toMatchObject({ id: "tongling-reporting", kind: "city", requires: { community: "^0.1.0" }, forms: ["forms/monthly-report.json"] });
  });

  it("settings default to T4's May 2021 and the 25th, reminders 3 and 1 days before, and T1/T2's checklist per class", () => {
    expect(Object.fromEntries(Object.entries(settingsSchema.properties).map(([k, v]) => [k, v.default]))).toEqual(SETTINGS_DEFAULTS);
    expect(SETTINGS_DEFAULTS).toMatchObject({ startMonth: "2021-05", dueDay: 25, reminderDays: [3, 1] });
    for (const cls of COMMUNITY_CLASSES) expect(settingsSchema.properties.checklist.properties![cls].items.enum).toEqual([...CHECKLIST_ITEMS]);
    expect(validSettings(SETTINGS_DEFAULTS)).toBe(true);
  });

  it("settings refuse values that break the regulation", () => {
    const bad: Array<Record<string, unknown>> = [
      { startMonth: "2021-04" }, { startMonth: "2021-5" }, { dueDay: 26 }, { dueDay: 1 }, { reminderDays: [0] }, { webhookUrl: "ftp://gateway" },
      // T2: a new community's list must keep every mandatory item.
      ...MANDATORY_NEW_ITEMS.map((item) => ({ checklist: { ...SETTINGS_DEFAULTS.checklist, new: CHECKLIST_ITEMS.filter((i) => i !== item) } })),
    ];
    for (const patch of bad) expect(validSettings({ ...SETTINGS_DEFAULTS, ...patch }), JSON.stringify(patch)).toBe(false);
    expect(validSettings({ ...SETTINGS_DEFAULTS, startMonth: "2026-01", dueDay: 20, webhookUrl: "https://sms.example.cn/send" })).toBe(true);
  });

  it("declares the roles the permission fallback knows, with the same permissions (T5: viewers only read)", () => {
    for (const role of manifest.roles ?? []) expect(ROLE_PERMISSIONS[role.code], role.code).toEqual(role.permissions);
    const viewers = (manifest.roles ?? []).filter((r) => r.code.endsWith("-viewer"));
    expect(viewers.map((r) => r.code)).toEqual(["tongling-housing-viewer", "tongling-civil-affairs-viewer"]);
    for (const v of viewers) expect(v.permissions.every((p) => p.endsWith(":read"))).toBe(true);
  });

  it("ships a valid monthly-report form whose fields are the report's (period, progress, the author's fields)", () => {
    expect(form.key).toBe(REPORT_FORM_KEY);
    expect(() => checkFormDocument(form, DEFAULT_LIMITS, new ValidatorCache(createFormsAjv(DEFAULT_LIMITS), 10))).not.toThrow();
    expect(Object.keys(form.schema.properties).sort()).toEqual([...BASE_FIELDS].sort());
    // The author's params are the form's author fields, plus `extra` for a jurisdiction's extension.
    expect(Object.keys(authorFields).sort()).toEqual([...BASE_FIELDS.filter((f) => f !== "period" && f !== "progress"), "extra"].sort());
    expect(form.schema.properties.attachments.items["x-attachment"].types).toEqual(["pdf", "png", "jpeg"]);
  });

  it("labels every enum value, setting and page column in zh-CN and en", () => {
    const enums: Record<string, readonly string[]> = {
      reportStatus: REPORT_STATUSES, timeliness: TIMELINESS, boardStatus: BOARD_STATUSES, findingStatus: FINDING_STATUSES,
      notificationKind: NOTIFICATION_KINDS, audience: AUDIENCES, checklistItem: CHECKLIST_ITEMS, communityClass: COMMUNITY_CLASSES,
      itemStatus: ["done", "missing", "attestation-required"],
    };
    for (const [lang, locale] of Object.entries(locales)) {
      for (const [name, values] of Object.entries(enums)) for (const v of values) expect(locale.enums[name]?.[v], `${lang} ${name}.${v}`).toBeTruthy();
      for (const key of Object.keys(SETTINGS_DEFAULTS)) expect(locale.settings[key]?.label, `${lang} ${key}`).toBeTruthy();
      for (const page of manifest.pages ?? []) {
        const prefix = String(page.i18n ?? "").split(".").slice(1);
        for (const column of (page.columns as string[] | undefined) ?? []) {
          expect(prefix.reduce((node: Record<string, unknown>, k) => node?.[k] as Record<string, unknown>, locale)?.[column], `${lang} ${page.key}.${column}`).toBeTruthy();
        }
      }
    }
  });

  it("every error has both messages; the rule-enforcing ones name their rule", () => {
    for (const [code, spec] of Object.entries(TonglingErrors.specs)) {
      expect(code.startsWith("TONGLING_"), code).toBe(true);
      expect(spec.messages["zh-CN"] && spec.messages.en, code).toBeTruthy();
    }
    for (const code of ["TONGLING_REPORTER_NOT_COUNTY", "TONGLING_REVIEWER_NOT_CITY", "TONGLING_PERIOD_IN_FUTURE", "TONGLING_PERIOD_BEFORE_START", "TONGLING_REPORT_DUPLICATE"] as const) {
      expect(TonglingErrors.specs[code].messages.en, code).toContain("{rule}");
    }
  });

  it("routes, pages and menus point at actions the services define; the scheduler has no route", () => {
    const defined = new Set((plugin.services ?? []).flatMap((s) => Object.keys(s.actions ?? {}).map((a) => `${s.name}.${a}`)));
    const named = JSON.stringify(TonglingActions).match(/"tongling-reporting\.[^"]*"/g)!.map((s) => JSON.parse(s) as string);
    expect([...defined].sort()).toEqual([...new Set(named)].sort());
    const routed = new Set((plugin.routes ?? []).map((r) => r.action));
    for (const route of plugin.routes ?? []) expect(defined.has(route.action), route.path).toBe(true);
    for (const page of manifest.pages ?? []) {
      expect(defined.has(String(page.action)), page.key).toBe(true);
      expect(routed.has(String(page.action)), `${page.key} has a route`).toBe(true);
      for (const target of Object.values((page.actions ?? {}) as Record<string, string>)) expect(routed.has(target), `${page.key} → ${target}`).toBe(true);
    }
    const pages = new Set((manifest.pages ?? []).map((p) => p.key));
    const menuPages = (manifest.menus ?? []).flatMap((m) => [m, ...(m.children ?? [])]).map((m) => m.page).filter(Boolean);
    for (const p of menuPages) expect(pages.has(p!), p).toBe(true);
    expect([...routed].some((a) => a.startsWith("tongling-reporting.scheduler."))).toBe(false);
    const keys = plugin.routes!.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("T4: the board's xlsx and the report's PDF are declared downloads of the plugin's own routes; the board row opens its report", () => {
    const pages = Object.fromEntries((manifest.pages ?? []).map((p) => [p.key, p as Record<string, any>])); // eslint-disable-line @typescript-eslint/no-explicit-any
    const routes = plugin.routes!.map((r) => `/api/tongling-reporting${r.path}`);
    const matches = (route: string) => routes.some((r) => new RegExp(`^${r.replace(/:[a-zA-Z]+/g, "[^/]+")}$`).test(route.split("?")[0].replace(/\{[a-z]+\}/g, "1")));
    expect(pages["board-status"].link).toMatchObject({ page: "report", query: { id: "reportId" } });
    expect(pages["board-status"].downloads.map((d: { route: string }) => matches(d.route))).toEqual([true]);
    expect(pages.report.downloads.map((d: { route: string }) => matches(d.route))).toEqual([true]);
    // The kernel's page schema refuses a download that leaves the host's API.
    const raw = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).anju;
    const bad = structuredClone(raw);
    bad.version = "0.1.0";
    bad.pages.find((p: { key: string }) => p.key === "report").downloads[0].route = "https://example.com/x.pdf";
    expect(() => validateManifest(bad, "test")).toThrow();
    const good = { ...structuredClone(raw), version: "0.1.0" };
    expect(() => validateManifest(good, "test")).not.toThrow();
  });
});

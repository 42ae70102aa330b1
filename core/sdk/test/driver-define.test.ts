import { describe, expect, it } from "vitest";
import type { ThresholdRule } from "@anju/alarms";
import { DEVICE_CATEGORIES, defineDriver, validateDeviceProfiles, type DeviceProfile, type DriverDefinition } from "../src/driver.js";
import * as sdk from "../src/index.js";

const title = { "zh-CN": "测试", en: "Test" };
const profile: DeviceProfile = {
  id: "meter",
  title,
  resources: [
    { name: "level", kind: "number", unit: "m", scale: 0.01, min: 0, max: 10 },
    { name: "door", kind: "string" },
    { name: "alarm", kind: "boolean" },
  ],
  alarmRules: [
    { id: "high", kind: "threshold", resource: "level", severity: "major", title, when: { op: ">", value: 8 }, clear: { op: "<", value: 7.5 } },
    { id: "offline", kind: "offline", resource: "*", severity: "minor", title, seconds: 600 },
  ],
};
const ok: DriverDefinition = { id: "meter-json", protocol: "mqtt-json", profiles: [profile], decode: () => [] };

function fieldOf(fn: () => unknown): { code: string; field: string; en: string } {
  try {
    fn();
  } catch (err) {
    const e = err as { anjuCode: string; data: { field: string }; messages: { en: string } };
    return { code: e.anjuCode, field: e.data.field, en: e.messages.en };
  }
  throw new Error("accepted");
}
const withProfile = (p: Partial<DeviceProfile>) => () => defineDriver({ ...ok, profiles: [{ ...profile, ...p }] });

describe("defineDriver", () => {
  it("returns a valid definition as it is", () => {
    expect(defineDriver(ok)).toBe(ok);
  });

  it("refuses a bad shape with DRIVER_DEFINITION_INVALID naming the field", () => {
    expect(fieldOf(() => defineDriver({ ...ok, id: "Meter JSON" }))).toMatchObject({ code: "DRIVER_DEFINITION_INVALID", field: "id" });
    expect(fieldOf(() => defineDriver({ ...ok, protocol: "" })).field).toBe("protocol");
    expect(fieldOf(() => defineDriver({ ...ok, decode: "yes" } as unknown as DriverDefinition)).field).toBe("decode");
    expect(fieldOf(() => defineDriver({ ...ok, encode: 1 } as unknown as DriverDefinition)).field).toBe("encode");
    expect(fieldOf(() => defineDriver({ ...ok, profiles: [] })).field).toBe("profiles");
    expect(fieldOf(() => defineDriver(null as unknown as DriverDefinition)).field).toBe("(root)");
  });

  it("refuses profiles with unknown keys, duplicate resources, min above max, scale on a boolean", () => {
    expect(fieldOf(withProfile({ id: "Meter" })).field).toBe("profiles.0.id");
    expect(fieldOf(withProfile({ resources: [{ name: "level", kind: "number", units: "m" } as never] })).field).toBe("profiles.0.resources.0.units");
    expect(fieldOf(withProfile({ resources: [...profile.resources, { name: "level", kind: "number" }] })).field).toBe("profiles.0.resources.3.name");
    expect(fieldOf(withProfile({ resources: [{ name: "level", kind: "number", min: 5, max: 1 }] })).field).toBe("profiles.0.resources.0.min");
    expect(fieldOf(withProfile({ resources: [...profile.resources.slice(0, 2), { name: "alarm", kind: "boolean", scale: 2 }] })).field).toBe("profiles.0.resources.2.kind");
    expect(fieldOf(() => defineDriver({ ...ok, profiles: [profile, profile] })).field).toBe("profiles.1.id");
  });

  it("refuses default alarm rules that are invalid or do not fit the profile's resources", () => {
    const r = fieldOf(withProfile({ alarmRules: [{ ...(profile.alarmRules[0] as ThresholdRule), clear: { op: "<", value: 9 } }] }));
    expect(r).toMatchObject({ code: "DRIVER_DEFINITION_INVALID", field: "profiles.0.alarmRules.0.clear" });
    expect(r.en).toContain("overlaps");
    expect(fieldOf(withProfile({ alarmRules: [{ ...profile.alarmRules[0], resource: "depth" }] })).field).toBe("profiles.0.alarmRules.0.resource");
    expect(fieldOf(withProfile({ alarmRules: [{ id: "open", kind: "threshold", resource: "door", severity: "minor", title, when: { op: "==", value: true } }] })).field)
      .toBe("profiles.0.alarmRules.0.when.value");
    expect(fieldOf(withProfile({ alarmRules: [{ id: "rate", kind: "rate", resource: "alarm", severity: "minor", title, maxChange: 1, perSeconds: 1 }] })).field)
      .toBe("profiles.0.alarmRules.0.resource");
    expect(fieldOf(withProfile({ alarmRules: [{ id: "x", kind: "offline", resource: "nothing", severity: "minor", title, seconds: 1 }] })).field)
      .toBe("profiles.0.alarmRules.0.resource");
  });

  it("validateDeviceProfiles checks profiles a driver process announces, the same way", () => {
    expect(validateDeviceProfiles(JSON.parse(JSON.stringify([profile])))).toHaveLength(1);
    expect(fieldOf(() => validateDeviceProfiles({ id: "meter" })).field).toBe("profiles");
  });

  it("a profile names its category from DEVICE_CATEGORIES; an unknown one is refused with DEVICE_CATEGORY_UNKNOWN", () => {
    expect(defineDriver({ ...ok, profiles: [{ ...profile, category: "water-pressure" }] }).profiles[0].category).toBe("water-pressure");
    for (const category of DEVICE_CATEGORIES) expect(validateDeviceProfiles([{ ...profile, category }])[0].category).toBe(category);
    const r = fieldOf(withProfile({ category: "fire-hydrant" as never }));
    expect(r).toMatchObject({ code: "DEVICE_CATEGORY_UNKNOWN", field: "profiles.0.category" });
    expect(r.en).toContain('"fire-hydrant"');
    expect(r.en).toContain("smoke-detector");
    // A profile announced by a driver process goes through the same check.
    expect(fieldOf(() => validateDeviceProfiles([{ ...profile, category: 7 }])).code).toBe("DRIVER_DEFINITION_INVALID");
    expect(fieldOf(() => validateDeviceProfiles([profile, { ...profile, id: "meter-2", category: "Camera" }]))).toMatchObject({ code: "DEVICE_CATEGORY_UNKNOWN", field: "profiles.1.category" });
  });

  it("the categories are the same list from @anju/sdk and @anju/sdk/driver", () => {
    expect(sdk.DEVICE_CATEGORIES).toBe(DEVICE_CATEGORIES);
    expect(DEVICE_CATEGORIES).toContain("access-controller");
    expect(DEVICE_CATEGORIES).toHaveLength(10);
  });
});

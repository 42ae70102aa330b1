/**
 * The demo jurisdiction tree (kept apart from the seeding code so `anju start` can name the
 * demo root without loading the kernel early).
 */
import type { JurisdictionInput } from "@anju/kernel";

export const DEMO_ROOT = "340000";

/** National administrative division codes (GB/T 2260 and the statistical street codes). */
export const DEMO_JURISDICTIONS: ReadonlyArray<JurisdictionInput> = [
  { code: "340000", name: "安徽省", level: "province" },
  { code: "340100", name: "合肥市", level: "city", parentCode: "340000" },
  { code: "340700", name: "铜陵市", level: "city", parentCode: "340000" },
  { code: "340104", name: "蜀山区", level: "county", parentCode: "340100" },
  { code: "340705", name: "铜官区", level: "county", parentCode: "340700" },
  { code: "340104001", name: "三里庵街道", level: "street", parentCode: "340104" },
  { code: "340705001", name: "新城街道", level: "street", parentCode: "340705" },
  // A second province: Yiyang's rules (七府办字[2021]63号) are 弋阳县's, in 江西省上饶市.
  { code: "360000", name: "江西省", level: "province" },
  { code: "361100", name: "上饶市", level: "city", parentCode: "360000" },
  { code: "361126", name: "弋阳县", level: "county", parentCode: "361100" },
  { code: "361126100", name: "弋江镇", level: "street", parentCode: "361126" },
];

/**
 * City plugins shown in the demo at their own city rather than at the demo root (a city's
 * rules do not apply to the rest of the province): installed on the first start when this
 * node offers them, enabled at the city, then their demo hooks seed as the others' do.
 */
export const DEMO_CITY_PLUGINS: ReadonlyArray<{ plugin: string; city: string }> = [
  // 铜陵市: construction progress and the counties' monthly reports (铜公通〔2021〕123号).
  { plugin: "tongling-reporting", city: "340700" },
  // 弋阳县: fire-safety standard and progress targets, warnings and rental registration (Y3–Y7);
  // enabling it also enables the community registry it requires there.
  { plugin: "yiyang-fire-safety", city: "361126" },
];

/**
 * Sample driver plugins installed on a first start (built-in, so no signature is needed): the
 * Yiyang demo registers smoke detectors with the smoke driver and places them in 志敏花园's
 * buildings and units, so the device pages and the community fire board show real devices.
 */
export const DEMO_DRIVER_PLUGINS: readonly string[] = ["driver-smoke-json"];

/**
 * What the console reads from a manifest page beyond the kernel's schema (which checks only
 * `key`, `type` and `title`, and lets pages carry any other field): columns, filters, chart
 * options, form schemas, row actions. A page that gets these wrong is still listed, with its
 * problems, so the console can say in the user's language what is wrong and whose it is,
 * instead of drawing an empty table or failing half-way.
 */
import type { I18nText } from "@anju/kernel";

export interface PageProblem {
  /** The manifest field at fault, e.g. `columns[2]`, `chart.type`, `actions.update`. */
  field: string;
  message: I18nText;
}

const CHART_TYPES = ["bar", "line", "pie"];

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0);

const text = {
  notList: (field: string): I18nText => ({ "zh-CN": `${field} 应为列表`, en: `${field} must be a list` }),
  notStrings: (field: string): I18nText => ({ "zh-CN": `${field} 应为字段名列表`, en: `${field} must be a list of field names` }),
  notString: (field: string): I18nText => ({ "zh-CN": `${field} 应为文本`, en: `${field} must be a string` }),
  notObject: (field: string): I18nText => ({ "zh-CN": `${field} 应为对象`, en: `${field} must be an object` }),
  badColumn: (field: string): I18nText => ({ "zh-CN": `${field} 应为字段名或带 key 的对象`, en: `${field} must be a field name or an object with a key` }),
  noColumns: { "zh-CN": "表格页面未声明 columns（要显示的列）", en: "a table page needs columns (the fields to show)" },
  unknownAction: (field: string, action: string): I18nText => ({
    "zh-CN": `${field} 指向的操作 ${action} 不存在（插件未加载或名称有误）`,
    en: `${field} names the action ${action}, which does not exist (plugin not loaded or a typo)`,
  }),
  chartType: { "zh-CN": `chart.type 应为 ${CHART_TYPES.join("、")} 之一`, en: `chart.type must be one of ${CHART_TYPES.join(", ")}` },
  noGroups: { "zh-CN": "分组页面未声明 groups（答复中各层分组的路径）", en: "a groups page needs groups (where the answer's groups are)" },
  uischemaType: { "zh-CN": "uischema 缺少 type（如 VerticalLayout）", en: "uischema needs a type (e.g. VerticalLayout)" },
} as const;

function checkColumns(value: unknown, required: boolean, out: PageProblem[]): void {
  if (value === undefined) {
    if (required) out.push({ field: "columns", message: text.noColumns });
    return;
  }
  if (!Array.isArray(value)) {
    out.push({ field: "columns", message: text.notList("columns") });
    return;
  }
  if (required && value.length === 0) out.push({ field: "columns", message: text.noColumns });
  value.forEach((c, i) => {
    const ok = (typeof c === "string" && c.length > 0) || (isObject(c) && typeof c.key === "string" && c.key.length > 0);
    if (!ok) out.push({ field: `columns[${i}]`, message: text.badColumn(`columns[${i}]`) });
  });
}

function checkChart(value: unknown, out: PageProblem[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    out.push({ field: "chart", message: text.notObject("chart") });
    return;
  }
  if (value.type !== undefined && !CHART_TYPES.includes(value.type as string)) out.push({ field: "chart.type", message: text.chartType });
  if (value.x !== undefined && typeof value.x !== "string") out.push({ field: "chart.x", message: text.notString("chart.x") });
  if (value.y !== undefined && !isStringList(value.y)) out.push({ field: "chart.y", message: text.notStrings("chart.y") });
}

function checkGroups(page: Record<string, unknown>, knownAction: (name: string) => boolean, out: PageProblem[]): void {
  let level = page.groups;
  let field = "groups";
  if (level === undefined) out.push({ field, message: text.noGroups });
  while (level !== undefined) {
    if (!isObject(level) || typeof level.path !== "string" || !level.path) {
      out.push({ field: `${field}.path`, message: text.notString(`${field}.path`) });
      break;
    }
    level = level.children;
    field = `${field}.children`;
  }
  if (!isObject(page.item) || typeof page.item.title !== "string") out.push({ field: "item.title", message: text.notString("item.title") });
  if (page.select !== undefined) {
    const s = page.select;
    if (!isObject(s)) out.push({ field: "select", message: text.notObject("select") });
    else {
      if (typeof s.param !== "string" || !s.param) out.push({ field: "select.param", message: text.notString("select.param") });
      if (typeof s.action !== "string") out.push({ field: "select.action", message: text.notString("select.action") });
      else if (!knownAction(s.action)) out.push({ field: "select.action", message: text.unknownAction("select.action", s.action) });
    }
  }
  if (page.rootItems !== undefined && !(Array.isArray(page.rootItems) && page.rootItems.every((r) => isObject(r) && typeof r.path === "string"))) {
    out.push({ field: "rootItems", message: text.notList("rootItems") });
  }
}

function checkForm(page: Record<string, unknown>, out: PageProblem[]): void {
  if (page.schema !== undefined && !isObject(page.schema)) out.push({ field: "schema", message: text.notObject("schema") });
  if (page.uischema === undefined) return;
  if (!isObject(page.uischema)) out.push({ field: "uischema", message: text.notObject("uischema") });
  else if (typeof page.uischema.type !== "string") out.push({ field: "uischema.type", message: text.uischemaType });
}

/**
 * The problems of one page; none for a sound page. `knownAction` answers whether an action
 * exists anywhere in the cluster's registry.
 */
export function pageProblems(page: Record<string, unknown>, knownAction: (name: string) => boolean): PageProblem[] {
  const out: PageProblem[] = [];
  if (page.action !== undefined) {
    if (typeof page.action !== "string") out.push({ field: "action", message: text.notString("action") });
    else if (!knownAction(page.action)) out.push({ field: "action", message: text.unknownAction("action", page.action) });
  }
  if (page.actions !== undefined) {
    if (!isObject(page.actions)) out.push({ field: "actions", message: text.notObject("actions") });
    else {
      for (const [name, target] of Object.entries(page.actions)) {
        const field = `actions.${name}`;
        if (typeof target !== "string") out.push({ field, message: text.notString(field) });
        else if (!knownAction(target)) out.push({ field, message: text.unknownAction(field, target) });
      }
    }
  }
  for (const key of ["rowKey", "i18n"] as const) {
    if (page[key] !== undefined && typeof page[key] !== "string") out.push({ field: key, message: text.notString(key) });
  }
  if (page.filters !== undefined && !isStringList(page.filters)) out.push({ field: "filters", message: text.notStrings("filters") });
  if (page.enums !== undefined && !(isObject(page.enums) && Object.values(page.enums).every((v) => typeof v === "string"))) {
    out.push({ field: "enums", message: text.notObject("enums") });
  }
  switch (page.type) {
    case "table":
      checkColumns(page.columns, true, out);
      break;
    case "detail":
      checkColumns(page.columns, false, out);
      break;
    case "chart":
      checkChart(page.chart, out);
      break;
    case "form":
      checkForm(page, out);
      break;
    case "groups":
      checkGroups(page, knownAction, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Home-page widgets, declared by plugins on their pages (`"widgets": [...]` on a page whose
 * action answers an object of counts, usually a `board`). The kernel's manifest schema lets
 * pages carry extra fields, so this needs no new manifest key: a widget is shown only where
 * its page is — the plugin is in effect at the user's jurisdiction and the user may call the
 * page's action. The console reads the numbers from the page's own route; see
 * docs/console-pages.md ("Home widgets").
 */
import type { I18nText } from "@anju/kernel";
import type { PageProblem } from "./page-check.js";
import type { NavWidget, RouteRef, WidgetKind } from "./types.js";

/** Well-known widgets: the console titles them in its own language and shows them first, in this order. */
export const WIDGET_KINDS: readonly WidgetKind[] = ["communities", "devicesOnline", "openAlarms", "openWorkOrders", "reportsDue"];

const KEY = /^[a-z][a-z0-9-]*$/;
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The community plugin's stats page as widgets, while its manifest declares none (the base
 * plugin ships with every node; its manifest is not the console's to edit). A `widgets` field
 * on that page replaces these.
 */
const DEFAULTS: Record<string, unknown[]> = {
  "community/stats": [
    { key: "communities", kind: "communities", value: "communities.total", icon: "office-building", page: "communities",
      note: { value: "communities.byClass.old", title: { "zh-CN": "老旧小区", en: "Old communities" } } },
    { key: "devices-online", kind: "devicesOnline", value: "devices.online", total: "devices.total", icon: "cpu", page: "devices" },
    { key: "facilities", title: { "zh-CN": "安防设施", en: "Security facilities" }, value: "facilities.total", icon: "lock", page: "facilities",
      note: { value: "facilities.byStatus.fault", title: { "zh-CN": "故障", en: "Faulty" } } },
  ],
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isText = (v: unknown): v is I18nText => isObject(v) && typeof v["zh-CN"] === "string" && typeof v.en === "string";

const problem = (field: string, zh: string, en: string): PageProblem => ({ field, message: { "zh-CN": `${field}：${zh}`, en: `${field}: ${en}` } });

/** One declared widget, or the problem that keeps it off the home page. */
function parseWidget(raw: unknown, field: string): { widget?: Omit<NavWidget, "plugin" | "page" | "route" | "link">; page?: string; problem?: PageProblem } {
  if (!isObject(raw)) return { problem: problem(field, "应为对象", "must be an object") };
  if (typeof raw.key !== "string" || !KEY.test(raw.key)) return { problem: problem(`${field}.key`, "应为小写字母开头的标识", "must be a lower-case key") };
  const kind = raw.kind === undefined ? null : WIDGET_KINDS.find((k) => k === raw.kind);
  if (kind === undefined) return { problem: problem(`${field}.kind`, `应为 ${WIDGET_KINDS.join("、")} 之一`, `must be one of ${WIDGET_KINDS.join(", ")}`) };
  if (raw.title !== undefined && !isText(raw.title)) return { problem: problem(`${field}.title`, "应为 { \"zh-CN\", \"en\" }", "must be { \"zh-CN\", \"en\" }") };
  if (!kind && raw.title === undefined) return { problem: problem(`${field}.title`, "未指定 kind 时必须给出标题", "is required when kind is not given") };
  for (const k of ["value", "total"] as const) {
    if (raw[k] === undefined && k === "total") continue;
    if (typeof raw[k] !== "string" || !PATH.test(raw[k] as string)) return { problem: problem(`${field}.${k}`, "应为答复中的字段路径（如 devices.online）", "must be a field path in the answer (e.g. devices.online)") };
  }
  let note: NavWidget["note"] = null;
  if (raw.note !== undefined) {
    const n = raw.note;
    if (!isObject(n) || typeof n.value !== "string" || !PATH.test(n.value) || !isText(n.title)) {
      return { problem: problem(`${field}.note`, "应为 { value: 字段路径, title: { \"zh-CN\", \"en\" } }", "must be { value: field path, title: { \"zh-CN\", \"en\" } }") };
    }
    note = { value: n.value, title: n.title };
  }
  if (raw.page !== undefined && (typeof raw.page !== "string" || !KEY.test(raw.page))) return { problem: problem(`${field}.page`, "应为本插件的页面 key", "must be a page key of this plugin") };
  return {
    widget: {
      key: raw.key, kind, title: isText(raw.title) ? raw.title : null,
      icon: typeof raw.icon === "string" ? raw.icon : null,
      value: raw.value as string, total: typeof raw.total === "string" ? raw.total : null, note,
      alert: raw.alert === true,
    },
    page: raw.page as string | undefined,
  };
}

export interface WidgetSource {
  plugin: string;
  /** The page's manifest entry. */
  page: Record<string, unknown> & { key: string };
  /** The page's data route, when it has a GET one. */
  route: RouteRef | null;
  /** Console paths of the plugin's pages the caller was given (for `page` links). */
  pagePaths: Map<string, string>;
}

/** The widgets a page contributes, and the problems of those it declares wrongly. */
export function widgetsOf(source: WidgetSource): { widgets: NavWidget[]; problems: PageProblem[] } {
  const { plugin, page, route, pagePaths } = source;
  const declared = page.widgets ?? DEFAULTS[`${plugin}/${page.key}`];
  if (declared === undefined) return { widgets: [], problems: [] };
  if (!Array.isArray(declared)) return { widgets: [], problems: [problem("widgets", "应为列表", "must be a list")] };
  const widgets: NavWidget[] = [];
  const problems: PageProblem[] = [];
  declared.forEach((raw, i) => {
    const parsed = parseWidget(raw, `widgets[${i}]`);
    if (parsed.problem) problems.push(parsed.problem);
    // Without a GET route there is nothing to read the number from (the page shows "no route").
    if (!parsed.widget || !route || route.method !== "GET") return;
    const link = pagePaths.get(parsed.page ?? page.key) ?? pagePaths.get(page.key) ?? null;
    widgets.push({ ...parsed.widget, plugin, page: page.key, route, link });
  });
  return { widgets, problems };
}

/** Well-known widgets first in their fixed order, then the others by plugin and key. */
export function sortWidgets(widgets: NavWidget[]): NavWidget[] {
  const rank = (w: NavWidget) => (w.kind ? WIDGET_KINDS.indexOf(w.kind) : WIDGET_KINDS.length);
  return [...widgets].sort((a, b) => rank(a) - rank(b) || a.plugin.localeCompare(b.plugin) || a.key.localeCompare(b.key));
}

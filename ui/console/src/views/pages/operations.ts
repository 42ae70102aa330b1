/**
 * `operations` of a detail page (docs/console-pages.md): buttons that call one of the page's
 * `actions` on the record shown — a report's 报送, 退回, 审核通过 — while the record's fields
 * match `when`. The nav only answers actions the user may call, so an operation whose action
 * is missing from `page.actions` is not offered.
 */
import type { I18nText, JsonSchema, NavPage, RouteRef } from "../../api/types";
import { pathParams } from "./row-routes";

export { pathParams };

export interface Operation {
  key: string;
  title: I18nText;
  when?: Record<string, unknown[]>;
  confirm?: I18nText;
  style?: "primary" | "danger" | "default";
}

export interface ReadyOperation extends Operation { route: RouteRef; params: JsonSchema | null }

export function operationsOf(page: NavPage): ReadyOperation[] {
  const list = page.options.operations;
  if (!Array.isArray(list)) return [];
  const out: ReadyOperation[] = [];
  for (const op of list as Operation[]) {
    const target = op && typeof op.key === "string" ? page.actions[op.key] : undefined;
    if (!target?.route) continue;
    out.push({ ...op, route: target.route, params: target.params });
  }
  return out;
}

export function applies(op: Operation, record: Record<string, unknown>): boolean {
  return Object.entries(op.when ?? {}).every(([field, values]) => Array.isArray(values) && values.includes(record[field] as never));
}

/** What the user is asked for: the action's params without the path's (filled from the record); null when nothing is left. */
export function askedSchema(op: ReadyOperation): JsonSchema | null {
  const skip = new Set(pathParams(op.route));
  const properties = Object.fromEntries(Object.entries(op.params?.properties ?? {}).filter(([k]) => !skip.has(k)));
  if (Object.keys(properties).length === 0) return null;
  return { ...op.params, type: "object", properties, required: (op.params?.required ?? []).filter((r) => !skip.has(r)) };
}

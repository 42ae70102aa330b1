/**
 * The declarative pieces a plugin page may add beyond its type (docs/console-pages.md):
 * `downloads` (files from the plugin's own GET routes, e.g. the board as xlsx) and `link` (a
 * table row that opens another page of the plugin, e.g. a county's report). Both are read from
 * the page's options and never trusted further than the plugin's own API.
 */
import { http } from "../../api/http";
import type { I18nText, NavPage } from "../../api/types";

export interface PageDownload { key: string; route: string; title: I18nText; permission?: string; icon?: string }
export interface RowLink { page: string; query: Record<string, string>; title?: I18nText }

const isText = (v: unknown): v is I18nText => !!v && typeof v === "object" && typeof (v as I18nText)["zh-CN"] === "string";

/** The page's downloads that point into its own plugin's API (`/api/<plugin>/…`); others are ignored. */
export function downloadsOf(page: NavPage): PageDownload[] {
  const list = page.options.downloads;
  if (!Array.isArray(list)) return [];
  return list.filter((d): d is PageDownload =>
    !!d && typeof d.key === "string" && typeof d.route === "string" && isText(d.title) && d.route.startsWith(`/api/${page.plugin}/`) && !d.route.includes(".."));
}

export function linkOf(page: NavPage): RowLink | null {
  const l = page.options.link as RowLink | undefined;
  if (!l || typeof l.page !== "string" || !l.query || typeof l.query !== "object") return null;
  return l;
}

/** A dot path into a record (`report.id`). */
function valueAt(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const k of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/**
 * `/api/p/board/export?period={period}` with `{ period: "2021-06" }`. A query parameter left
 * empty is dropped (the server's default applies); a path part left empty makes the download
 * unavailable (null).
 */
export function fillRoute(route: string, values: Record<string, unknown>): string | null {
  const [path, query = ""] = route.split("?");
  let missing = false;
  const filledPath = path.replace(/\{([A-Za-z0-9_.]+)\}/g, (_m, name: string) => {
    const v = valueAt(values, name);
    if (!present(v)) missing = true;
    return encodeURIComponent(String(v ?? ""));
  });
  if (missing) return null;
  const params = new URLSearchParams();
  for (const pair of query.split("&").filter(Boolean)) {
    const [k, raw = ""] = pair.split("=");
    const m = /^\{([A-Za-z0-9_.]+)\}$/.exec(raw);
    const v = m ? valueAt(values, m[1]) : raw;
    if (present(v)) params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${filledPath}?${qs}` : filledPath;
}

/** The URL query a row link opens with, or null when the row lacks a value (a county that has not filed). */
export function linkQuery(link: RowLink, row: Record<string, unknown>): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [param, field] of Object.entries(link.query)) {
    const v = valueAt(row, field);
    if (!present(v)) return null;
    out[param] = String(v);
  }
  return out;
}

/** The file name the server gave (RFC 5987 `filename*` first: it carries the Chinese name). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* a malformed name: try the plain one */ }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return (plain?.[1] ?? plain?.[2] ?? fallback).trim();
}

/** Fetch a file through the console's request client (errors and lost sessions as for any call) and save it. */
export async function fetchAndSave(url: string, fallbackName: string): Promise<string> {
  const { blob, headers } = await http.get<{ blob: Blob; headers: Headers }>(url, undefined, { blob: true });
  const name = fileNameOf(headers.get("content-disposition"), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
  return name;
}

/**
 * Words for the exported files, in the caller's language (zh-CN unless the session says en).
 * Field and enum names come from the plugin's locale files, so the console, the spreadsheet and
 * the PDF call a status the same thing; only the files' own sentences live here.
 */
import fs from "node:fs";
import path from "node:path";
import type { Context } from "moleculer";
import type { Locale } from "@anju/errors";
import { requireRequestContext } from "@anju/kernel";
import { CHINA_OFFSET_MS } from "../period.js";

type Tree = { [k: string]: string | Tree };

const LOCALES: Record<Locale, Tree> = Object.fromEntries((["zh-CN", "en"] as const).map((l) => [
  l, JSON.parse(fs.readFileSync(path.join(__dirname, "../../locales", `${l}.json`), "utf8"))["tongling-reporting"] as Tree,
])) as Record<Locale, Tree>;

/** The session's language; the gateway's client info as a fallback (as the audit export does). */
export function localeOfCall(ctx: Context): Locale {
  const rc = requireRequestContext(ctx);
  const l = rc.locale ?? (ctx.meta as { client?: { locale?: unknown } }).client?.locale;
  return l === "en" ? "en" : "zh-CN";
}

/** `text(locale, "enums.boardStatus", "late")` → 逾期报送; the key itself when a word is missing. */
export function text(locale: Locale, group: string, key: string): string {
  let node: string | Tree | undefined = LOCALES[locale];
  for (const k of [...group.split("."), key]) node = typeof node === "object" ? node[k] : undefined;
  return typeof node === "string" ? node : key;
}

/** An instant as Beijing wall time, `YYYY-MM-DD HH:mm` (the time every official reads). */
export function beijingTime(instant: Date | string | null | undefined): string {
  if (!instant) return "";
  const d = new Date(new Date(instant).getTime() + CHINA_OFFSET_MS);
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** `2021-06` → 2021年6月 / June 2021. */
export function periodText(locale: Locale, period: string): string {
  const [y, m] = period.split("-").map(Number);
  if (locale === "en") return `${new Date(Date.UTC(y, m - 1, 1)).toLocaleString("en", { month: "long", timeZone: "UTC" })} ${y}`;
  return `${y}年${m}月`;
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients and the real
 * (Chinese) name as RFC 5987 `filename*`, which every current browser prefers.
 */
export function attachmentHeader(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Hand a file to the gateway: moleculer-web sends a Buffer as is, with these headers. */
export function download(ctx: Context, file: { content: Buffer; type: string; asciiName: string; name: string }): Buffer {
  const meta = ctx.meta as Record<string, unknown>;
  meta.$responseType = file.type;
  meta.$responseHeaders = { ...(meta.$responseHeaders as object | undefined), "Content-Disposition": attachmentHeader(file.asciiName, file.name) };
  return file.content;
}

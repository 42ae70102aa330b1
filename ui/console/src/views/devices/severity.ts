/** How alarm severities and states look: Element Plus tag types, most urgent reddest. */
import type { AlarmStatus, Severity } from "../../api/devices";

type TagType = "danger" | "warning" | "primary" | "info" | "success";

export const SEVERITY_TAG: Record<Severity, TagType> = { critical: "danger", major: "warning", minor: "primary", info: "info" };
export const STATUS_TAG: Record<AlarmStatus, TagType> = { open: "danger", escalated: "warning", acknowledged: "primary", closed: "info" };
export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, major: 1, minor: 2, info: 3 };

export function formatTime(at: number | string | null | undefined): string {
  if (at === null || at === undefined) return "—";
  return new Date(at).toLocaleString();
}

export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

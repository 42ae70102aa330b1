/** One way to show a failed request: the server's localised message, or one for its status. */
import { ElMessage } from "element-plus";
import { ApiError } from "../api/http";
import { i18n } from "../i18n";

const KNOWN_STATUSES = new Set([0, 401, 403, 404, 413, 429, 500, 502, 503, 504]);

/** The message for a status whose answer carried none of the server's own (see api/http.ts). */
export function statusMessage(status: number): string {
  const t = i18n.global.t;
  return KNOWN_STATUSES.has(status) ? t(`errors.status.${status}`) : t("errors.status.other", { status });
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return i18n.global.t("errors.network");
  // Anything else is our own fault; its text (an exception's) is not for the user.
  return i18n.global.t("errors.unknown");
}

export function showError(err: unknown): void {
  // The user closed a confirmation: not an error.
  if (err === "cancel" || err === "close") return;
  ElMessage({ type: "error", message: messageOf(err), showClose: true, duration: 6000 });
}

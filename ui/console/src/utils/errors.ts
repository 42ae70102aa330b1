/** One way to show a failed request: the server's localised message, or a generic one. */
import { ElMessage } from "element-plus";
import { ApiError } from "../api/http";
import { i18n } from "../i18n";

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return i18n.global.t("errors.network");
  return (err as Error)?.message || i18n.global.t("errors.unknown");
}

export function showError(err: unknown): void {
  // The user closed a confirmation: not an error.
  if (err === "cancel" || err === "close") return;
  ElMessage({ type: "error", message: messageOf(err), showClose: true, duration: 6000 });
}

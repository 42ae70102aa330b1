/**
 * Every error leaves the gateway as `{ "error": { "code", "message", "data" } }` with the
 * right HTTP status and a message in the caller's language. Errors from Moleculer, the body
 * parser and unknown throwables are mapped to our stable codes; an unknown error is a 500
 * with a reference id and is logged with its stack, which the client never sees.
 */
import crypto from "node:crypto";
import { AnjuError, type Locale } from "@anju/errors";
import { KernelErrors } from "@anju/kernel";

export interface ErrorBody { error: { code: string; message: string; data: Record<string, unknown> } }

interface LooseError extends Error {
  code?: number | string;
  type?: string;
  status?: number;
  data?: Record<string, unknown> & { messages?: Record<Locale, string> };
}

export function localeOf(acceptLanguage: string | undefined): Locale {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? "en" : "zh-CN";
}

/** Turn anything thrown into an AnjuError (or null if it is an unexpected failure). */
export function toAnjuError(err: unknown): AnjuError | null {
  const e = err as LooseError;
  if (err instanceof AnjuError) return err;
  // An AnjuError that crossed the transporter arrives as a MoleculerError with our data.
  if (e && typeof e.type === "string" && e.data?.messages && typeof e.code === "number") {
    const rebuilt = new AnjuError(e.type, { status: e.code, messages: e.data.messages }, { ...e.data });
    return rebuilt;
  }
  switch (e?.type ?? e?.name) {
    case "SERVICE_NOT_FOUND": case "ServiceNotFoundError": case "NOT_FOUND":
      return KernelErrors.NOT_FOUND({ what: e.data?.action ?? "endpoint" });
    case "SERVICE_NOT_AVAILABLE": case "ServiceNotAvailableError":
      return KernelErrors.SERVICE_UNAVAILABLE({ reason: String(e.data?.action ?? e.message) });
    case "REQUEST_TIMEOUT": case "RequestTimeoutError":
      return KernelErrors.TIMEOUT({ action: String(e.data?.action ?? "") });
    case "REQUEST_SKIPPED": case "RequestSkippedError":
      return KernelErrors.TIMEOUT({ action: String(e.data?.action ?? "") });
    case "entity.too.large":
      return KernelErrors.PAYLOAD_TOO_LARGE({ limit: String((e as { limit?: number }).limit ?? "") });
    case "entity.parse.failed": case "encoding.unsupported": case "charset.unsupported":
      return KernelErrors.BAD_REQUEST({ reason: "请求体不是有效的 JSON / the body is not valid JSON" });
    case "QUEUE_FULL": case "QueueIsFullError":
      return KernelErrors.SERVICE_UNAVAILABLE({ reason: "busy" });
  }
  if (e?.status === 413) return KernelErrors.PAYLOAD_TOO_LARGE({ limit: "" });
  if (e?.status === 400 || e?.code === 400) return KernelErrors.BAD_REQUEST({ reason: e.message });
  return null;
}

export function errorResponse(err: unknown, locale: Locale, log: (ref: string, err: unknown) => void): { status: number; body: ErrorBody } {
  const anju = toAnjuError(err);
  if (anju) {
    return { status: anju.status, body: { error: { code: anju.anjuCode, message: anju.messages[locale] ?? anju.message, data: anju.publicData() } } };
  }
  const ref = crypto.randomBytes(6).toString("hex");
  log(ref, err);
  const internal = KernelErrors.INTERNAL({ ref });
  return { status: 500, body: { error: { code: internal.anjuCode, message: internal.messages[locale], data: { ref } } } };
}

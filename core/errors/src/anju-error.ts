/**
 * Every error a user can reach is an AnjuError: a stable code, an HTTP status and a message
 * in zh-CN and en. The gateway renders it as `{ error: { code, message, data } }`.
 *
 * It extends Moleculer's MoleculerError so that it survives the trip between nodes: Moleculer
 * serialises `name`, `message`, `code` (our HTTP status), `type` (our stable code) and `data`,
 * and rebuilds a MoleculerError on the caller's side; `toAnjuError` turns it back.
 */
import { Errors } from "moleculer";

export type Locale = "zh-CN" | "en";
export interface Messages { "zh-CN": string; en: string }
export type ErrorData = Record<string, unknown>;

export interface ErrorSpec {
  status: number;
  /** Message templates; `{name}` is replaced from the error's data. */
  messages: Messages;
}

export function format(template: string, data: ErrorData | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = data?.[key];
    if (value === undefined || value === null) return whole;
    return Array.isArray(value) ? value.join(" → ") : String(value);
  });
}

export class AnjuError extends Errors.MoleculerError {
  /** Stable, documented error code, e.g. `PLUGIN_NOT_ENABLED`. */
  readonly anjuCode: string;
  readonly status: number;
  readonly messages: Messages;

  constructor(anjuCode: string, spec: ErrorSpec, data?: ErrorData) {
    const messages = {
      "zh-CN": format(spec.messages["zh-CN"], data),
      en: format(spec.messages.en, data),
    };
    super(messages["zh-CN"], spec.status, anjuCode, { ...data, messages });
    this.name = "AnjuError";
    this.anjuCode = anjuCode;
    this.status = spec.status;
    this.messages = messages;
  }

  message_(locale: Locale): string {
    return this.messages[locale] ?? this.messages["zh-CN"];
  }

  /** The data a client sees: the caller's data without the internal message copy. */
  publicData(): ErrorData {
    const { messages: _omit, ...rest } = (this.data ?? {}) as ErrorData;
    return rest;
  }
}

/** Build a typed catalogue: `const E = defineErrors({ X: {status, messages} })`, then `throw E.X({...})`. */
export function defineErrors<K extends string>(specs: Record<K, ErrorSpec>): Record<K, (data?: ErrorData) => AnjuError> & { specs: Record<K, ErrorSpec> } {
  const out: Record<string, unknown> = { specs };
  for (const code of Object.keys(specs) as K[]) {
    out[code] = (data?: ErrorData) => new AnjuError(code, specs[code], data);
  }
  return out as Record<K, (data?: ErrorData) => AnjuError> & { specs: Record<K, ErrorSpec> };
}

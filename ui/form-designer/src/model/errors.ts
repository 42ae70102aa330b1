/**
 * Coded errors of the model. The code is stable (tests and the UI switch on it); the text a user
 * reads comes from the designer's messages (i18n/messages.ts, `errors.<code>`) with `params`.
 */
export type DesignerErrorCode =
  | "NODE_NOT_FOUND"
  | "NOT_A_CONTAINER"
  | "NOT_A_FIELD"
  | "PLACEMENT_NOT_ALLOWED"
  | "KEY_EMPTY"
  | "KEY_INVALID"
  | "KEY_TOO_LONG"
  | "KEY_TAKEN"
  | "SCHEMA_NOT_OBJECT"
  | "SCHEMA_PROPERTIES_INVALID"
  | "UISCHEMA_NOT_OBJECT"
  | "UISCHEMA_SCOPE_UNKNOWN"
  | "UISCHEMA_ELEMENTS_INVALID"
  | "FIELD_PLACED_TWICE";

export class DesignerError extends Error {
  constructor(
    readonly code: DesignerErrorCode,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "DesignerError";
  }
}

export function isDesignerError(err: unknown): err is DesignerError {
  return err instanceof DesignerError;
}

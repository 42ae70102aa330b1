export { AnjuError, defineErrors, format } from "./anju-error.js";
export type { ErrorData, ErrorSpec, Locale, Messages } from "./anju-error.js";

/** The designer model: pure functions over plain data (no Vue), unit tested on their own. */
export * from "./types";
export { DesignerError, isDesignerError, type DesignerErrorCode } from "./errors";
export { KINDS, LIMIT_KEYWORDS, limitsOf, PHONE_PATTERN, ID_NUMBER_PATTERN, TIME_SAVE_FORMAT, KEY_PATTERN, ATTACHMENT_MAX_BYTES, type KindInfo, type LimitKind } from "./kinds";
export { canPlace, clone, findNode, insertNode, insertionPoint, locate, moveBy, moveNode, walkNodes, type Located, type ParentId } from "./tree";
export {
  addNode, checkKey, fieldByKey, fieldsOf, newField, newLayout, removeNode, removeRawRule, renameField, ruleTargets, setRule, updateField, updateLayout,
  type FieldPatch, type LayoutPatch, type LayoutType,
} from "./fields";
export { parseRule, toJsonFormsRule, scopeOf, keyOfScope } from "./rules";
export { I18N_KEY, putText, takeText } from "./i18n";
export { toSchemas, fieldSchema, type FormSchemas } from "./serialize";
export { fromSchemas } from "./parse";
export { createFormTranslator } from "./translate";
export { validateModel, type Problem, type ProblemCode } from "./validate";

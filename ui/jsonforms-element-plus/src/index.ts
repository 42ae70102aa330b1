/**
 * @anju/jsonforms-element-plus — JSON Forms renderers for Vue 3 + Element Plus.
 *
 * Exports: the full set, every entry by name (to reuse one or override it by rank), the four
 * category lists, the shared ControlWrapper for custom controls, and the i18n helpers.
 * Internal composables (util/) stay unexported on purpose: their shape may change.
 */
export { elementPlusRenderers } from "./renderers";

export {
  booleanControlRendererEntry,
  booleanToggleControlRendererEntry,
  controlRenderers,
  ControlWrapper,
  dateControlRendererEntry,
  dateTimeControlRendererEntry,
  enumControlRendererEntry,
  enumRadioControlRendererEntry,
  formattedStringControlRendererEntry,
  integerControlRendererEntry,
  multiStringControlRendererEntry,
  numberControlRendererEntry,
  oneOfEnumControlRendererEntry,
  oneOfEnumRadioControlRendererEntry,
  passwordControlRendererEntry,
  sliderControlRendererEntry,
  stringControlRendererEntry,
  timeControlRendererEntry,
} from "./controls";

export {
  categorizationRendererEntry,
  categorizationStepperRendererEntry,
  groupRendererEntry,
  horizontalLayoutRendererEntry,
  layoutRenderers,
  verticalLayoutRendererEntry,
} from "./layouts";

export {
  allOfRendererEntry,
  anyOfRendererEntry,
  arrayListRendererEntry,
  arrayTableRendererEntry,
  complexRenderers,
  enumArrayRendererEntry,
  listWithDetailRendererEntry,
  objectRendererEntry,
  oneOfRendererEntry,
} from "./complex";

export { labelRendererEntry, labelRenderers } from "./labels";

export {
  createErrorTranslator,
  createI18n,
  DEFAULT_LOCALE,
  localizeAjvError,
  uiMessages,
  type Locale,
  type UiMessages,
} from "./i18n";

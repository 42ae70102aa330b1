import { entry as booleanControlRendererEntry } from "./BooleanControlRenderer.entry";
import { entry as booleanToggleControlRendererEntry } from "./BooleanToggleControlRenderer.entry";
import { entry as dateControlRendererEntry } from "./DateControlRenderer.entry";
import { entry as dateTimeControlRendererEntry } from "./DateTimeControlRenderer.entry";
import { entry as enumControlRendererEntry } from "./EnumControlRenderer.entry";
import { entry as enumRadioControlRendererEntry } from "./EnumRadioControlRenderer.entry";
import { entry as formattedStringControlRendererEntry } from "./FormattedStringControlRenderer.entry";
import { entry as integerControlRendererEntry } from "./IntegerControlRenderer.entry";
import { entry as multiStringControlRendererEntry } from "./MultiStringControlRenderer.entry";
import { entry as numberControlRendererEntry } from "./NumberControlRenderer.entry";
import { entry as oneOfEnumControlRendererEntry } from "./OneOfEnumControlRenderer.entry";
import { entry as oneOfEnumRadioControlRendererEntry } from "./OneOfEnumRadioControlRenderer.entry";
import { entry as passwordControlRendererEntry } from "./PasswordControlRenderer.entry";
import { entry as sliderControlRendererEntry } from "./SliderControlRenderer.entry";
import { entry as stringControlRendererEntry } from "./StringControlRenderer.entry";
import { entry as timeControlRendererEntry } from "./TimeControlRenderer.entry";

export { default as ControlWrapper } from "./ControlWrapper.vue";

export {
  booleanControlRendererEntry,
  booleanToggleControlRendererEntry,
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
};

export const controlRenderers = [
  stringControlRendererEntry,
  multiStringControlRendererEntry,
  passwordControlRendererEntry,
  formattedStringControlRendererEntry,
  numberControlRendererEntry,
  integerControlRendererEntry,
  sliderControlRendererEntry,
  booleanControlRendererEntry,
  booleanToggleControlRendererEntry,
  enumControlRendererEntry,
  enumRadioControlRendererEntry,
  oneOfEnumControlRendererEntry,
  oneOfEnumRadioControlRendererEntry,
  dateControlRendererEntry,
  timeControlRendererEntry,
  dateTimeControlRendererEntry,
];

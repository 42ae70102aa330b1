import { entry as categorizationRendererEntry } from "./CategorizationRenderer.entry";
import { entry as categorizationStepperRendererEntry } from "./CategorizationStepperRenderer.entry";
import { entry as groupRendererEntry } from "./GroupRenderer.entry";
import { entry as horizontalLayoutRendererEntry } from "./HorizontalLayoutRenderer.entry";
import { entry as verticalLayoutRendererEntry } from "./VerticalLayoutRenderer.entry";

export {
  categorizationRendererEntry,
  categorizationStepperRendererEntry,
  groupRendererEntry,
  horizontalLayoutRendererEntry,
  verticalLayoutRendererEntry,
};

export const layoutRenderers = [
  verticalLayoutRendererEntry,
  horizontalLayoutRendererEntry,
  groupRendererEntry,
  categorizationRendererEntry,
  categorizationStepperRendererEntry,
];

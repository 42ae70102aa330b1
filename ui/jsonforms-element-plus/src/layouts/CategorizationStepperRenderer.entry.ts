import { and, rankWith, optionIs, isCategorization, categorizationHasCategory } from "@jsonforms/core";
import CategorizationStepperRenderer from "./CategorizationStepperRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(CategorizationStepperRenderer, rankWith(3, and(isCategorization, categorizationHasCategory, optionIs("variant", "stepper"))));

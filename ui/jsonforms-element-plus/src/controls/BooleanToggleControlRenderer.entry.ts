import { and, rankWith, optionIs, isBooleanControl } from "@jsonforms/core";
import BooleanToggleControlRenderer from "./BooleanToggleControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(BooleanToggleControlRenderer, rankWith(3, and(isBooleanControl, optionIs("toggle", true))));

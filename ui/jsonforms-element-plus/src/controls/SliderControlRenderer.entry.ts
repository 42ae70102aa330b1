import { rankWith, isRangeControl } from "@jsonforms/core";
import SliderControlRenderer from "./SliderControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(SliderControlRenderer, rankWith(3, isRangeControl));

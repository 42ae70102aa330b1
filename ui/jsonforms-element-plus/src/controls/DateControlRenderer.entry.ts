import { rankWith, isDateControl } from "@jsonforms/core";
import DateControlRenderer from "./DateControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(DateControlRenderer, rankWith(2, isDateControl));

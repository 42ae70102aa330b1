import { rankWith, isTimeControl } from "@jsonforms/core";
import TimeControlRenderer from "./TimeControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(TimeControlRenderer, rankWith(2, isTimeControl));

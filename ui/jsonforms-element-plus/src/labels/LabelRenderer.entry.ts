import { rankWith, uiTypeIs } from "@jsonforms/core";
import LabelRenderer from "./LabelRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(LabelRenderer, rankWith(1, uiTypeIs("Label")));

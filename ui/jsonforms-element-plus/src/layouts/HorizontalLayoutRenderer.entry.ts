import { rankWith, uiTypeIs } from "@jsonforms/core";
import HorizontalLayoutRenderer from "./HorizontalLayoutRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(HorizontalLayoutRenderer, rankWith(2, uiTypeIs("HorizontalLayout")));

import { and, rankWith, uiTypeIs, schemaTypeIs } from "@jsonforms/core";
import ArrayListRenderer from "./ArrayListRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(ArrayListRenderer, rankWith(2, and(uiTypeIs("Control"), schemaTypeIs("array"))));

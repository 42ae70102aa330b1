import { and, rankWith, uiTypeIs, isObjectArray } from "@jsonforms/core";
import ListWithDetailRenderer from "./ListWithDetailRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(ListWithDetailRenderer, rankWith(4, and(uiTypeIs("ListWithDetail"), isObjectArray)));

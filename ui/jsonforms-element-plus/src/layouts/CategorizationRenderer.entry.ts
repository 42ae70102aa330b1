import { and, rankWith, isCategorization, categorizationHasCategory } from "@jsonforms/core";
import CategorizationRenderer from "./CategorizationRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(CategorizationRenderer, rankWith(2, and(isCategorization, categorizationHasCategory)));

import { and, rankWith, uiTypeIs, isLayout } from "@jsonforms/core";
import GroupRenderer from "./GroupRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(GroupRenderer, rankWith(2, and(isLayout, uiTypeIs("Group"))));

import { and, rankWith, isStringControl, isMultiLineControl } from "@jsonforms/core";
import MultiStringControlRenderer from "./MultiStringControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(MultiStringControlRenderer, rankWith(3, and(isStringControl, isMultiLineControl)));

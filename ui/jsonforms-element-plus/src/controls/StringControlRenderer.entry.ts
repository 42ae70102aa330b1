import { rankWith, isStringControl } from "@jsonforms/core";
import StringControlRenderer from "./StringControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(StringControlRenderer, rankWith(1, isStringControl));

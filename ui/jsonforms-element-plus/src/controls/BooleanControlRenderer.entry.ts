import { rankWith, isBooleanControl } from "@jsonforms/core";
import BooleanControlRenderer from "./BooleanControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(BooleanControlRenderer, rankWith(1, isBooleanControl));

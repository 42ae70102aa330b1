import { rankWith, isLayout } from "@jsonforms/core";
import VerticalLayoutRenderer from "./VerticalLayoutRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(VerticalLayoutRenderer, rankWith(1, isLayout));

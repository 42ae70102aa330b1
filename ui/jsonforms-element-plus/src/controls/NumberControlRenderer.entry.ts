import { rankWith, isNumberControl } from "@jsonforms/core";
import NumberControlRenderer from "./NumberControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(NumberControlRenderer, rankWith(1, isNumberControl));

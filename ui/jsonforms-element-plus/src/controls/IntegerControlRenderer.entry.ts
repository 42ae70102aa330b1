import { isIntegerControl, rankWith } from "@jsonforms/core";
import NumberControlRenderer from "./NumberControlRenderer.vue";
import { rendererEntry } from "../util/entry";

/** Integers share the number input; it switches to precision 0 when the schema says integer. */
export const entry = rendererEntry(NumberControlRenderer, rankWith(1, isIntegerControl));

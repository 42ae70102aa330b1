import { and, isBooleanControl, isEnumControl, not, rankWith } from "@jsonforms/core";
import EnumControlRenderer from "./EnumControlRenderer.vue";
import { rendererEntry } from "../util/entry";

/**
 * Not for booleans: JSON Forms counts `const` as an enum, so "must accept" (`type: boolean,
 * const: true`) would otherwise become a one-option select instead of a checkbox.
 */
export const isPlainEnumControl = and(isEnumControl, not(isBooleanControl));

export const entry = rendererEntry(EnumControlRenderer, rankWith(2, isPlainEnumControl));

import { and, rankWith, optionIs, isOneOfEnumControl } from "@jsonforms/core";
import OneOfEnumRadioControlRenderer from "./OneOfEnumRadioControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(OneOfEnumRadioControlRenderer, rankWith(6, and(isOneOfEnumControl, optionIs("format", "radio"))));

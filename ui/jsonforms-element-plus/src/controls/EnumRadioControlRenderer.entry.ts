import { and, optionIs, rankWith } from "@jsonforms/core";
import EnumRadioControlRenderer from "./EnumRadioControlRenderer.vue";
import { isPlainEnumControl } from "./EnumControlRenderer.entry";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(EnumRadioControlRenderer, rankWith(3, and(isPlainEnumControl, optionIs("format", "radio"))));

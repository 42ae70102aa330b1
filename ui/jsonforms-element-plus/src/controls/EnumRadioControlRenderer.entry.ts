import { and, rankWith, optionIs, isEnumControl } from "@jsonforms/core";
import EnumRadioControlRenderer from "./EnumRadioControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(EnumRadioControlRenderer, rankWith(3, and(isEnumControl, optionIs("format", "radio"))));

import { rankWith, isEnumControl } from "@jsonforms/core";
import EnumControlRenderer from "./EnumControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(EnumControlRenderer, rankWith(2, isEnumControl));

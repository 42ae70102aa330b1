import { rankWith, isOneOfEnumControl } from "@jsonforms/core";
import OneOfEnumControlRenderer from "./OneOfEnumControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(OneOfEnumControlRenderer, rankWith(5, isOneOfEnumControl));

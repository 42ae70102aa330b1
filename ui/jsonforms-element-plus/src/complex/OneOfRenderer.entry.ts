import { rankWith, isOneOfControl } from "@jsonforms/core";
import OneOfRenderer from "./OneOfRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(OneOfRenderer, rankWith(3, isOneOfControl));

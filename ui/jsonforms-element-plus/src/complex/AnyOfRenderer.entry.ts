import { rankWith, isAnyOfControl } from "@jsonforms/core";
import AnyOfRenderer from "./AnyOfRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(AnyOfRenderer, rankWith(3, isAnyOfControl));

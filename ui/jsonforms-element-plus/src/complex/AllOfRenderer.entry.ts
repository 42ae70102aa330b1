import { rankWith, isAllOfControl } from "@jsonforms/core";
import AllOfRenderer from "./AllOfRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(AllOfRenderer, rankWith(3, isAllOfControl));

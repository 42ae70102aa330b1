import { rankWith, isObjectControl } from "@jsonforms/core";
import ObjectRenderer from "./ObjectRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(ObjectRenderer, rankWith(2, isObjectControl));

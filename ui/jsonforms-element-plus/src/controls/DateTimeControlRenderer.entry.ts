import { rankWith, isDateTimeControl } from "@jsonforms/core";
import DateTimeControlRenderer from "./DateTimeControlRenderer.vue";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(DateTimeControlRenderer, rankWith(2, isDateTimeControl));

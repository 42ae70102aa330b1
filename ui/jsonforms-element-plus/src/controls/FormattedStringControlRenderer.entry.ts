import { and, rankWith, schemaMatches, isStringControl } from "@jsonforms/core";
import FormattedStringControlRenderer from "./FormattedStringControlRenderer.vue";
import { NATIVE_INPUT_TYPES } from "./inputs/nativeInputTypes";
import { rendererEntry } from "../util/entry";

export const entry = rendererEntry(FormattedStringControlRenderer, rankWith(2, and(isStringControl, schemaMatches((schema) => typeof schema.format === "string" && Object.hasOwn(NATIVE_INPUT_TYPES, schema.format)))));

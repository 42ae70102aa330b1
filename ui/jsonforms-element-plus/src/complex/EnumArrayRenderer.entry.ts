import {
  and,
  hasType,
  rankWith,
  schemaMatches,
  schemaSubPathMatches,
  uiTypeIs,
  type JsonSchema,
} from "@jsonforms/core";
import EnumArrayRenderer from "./EnumArrayRenderer.vue";
import { rendererEntry } from "../util/entry";

const hasOneOfItems = (schema: JsonSchema): boolean =>
  Array.isArray(schema.oneOf) && schema.oneOf.length > 0 && schema.oneOf.every((item) => item.const !== undefined);

const hasEnumItems = (schema: JsonSchema): boolean => schema.enum !== undefined;

export const entry = rendererEntry(
  EnumArrayRenderer,
  rankWith(
    5,
    and(
      uiTypeIs("Control"),
      schemaMatches((schema) => hasType(schema, "array") && !Array.isArray(schema.items) && schema.uniqueItems === true),
      schemaSubPathMatches("items", (schema) => hasOneOfItems(schema) || hasEnumItems(schema)),
    ),
  ),
);

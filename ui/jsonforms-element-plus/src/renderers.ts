import type { JsonFormsRendererRegistryEntry } from "@jsonforms/core";
import { complexRenderers } from "./complex";
import { controlRenderers } from "./controls";
import { labelRenderers } from "./labels";
import { layoutRenderers } from "./layouts";

/**
 * The whole set, for `<JsonForms :renderers="elementPlusRenderers">`. Frozen so one consumer
 * cannot change it under another: to override, pass `[...elementPlusRenderers, yourEntry]`.
 */
export const elementPlusRenderers: readonly JsonFormsRendererRegistryEntry[] = Object.freeze([
  ...controlRenderers,
  ...layoutRenderers,
  ...complexRenderers,
  ...labelRenderers,
]);

import { markRaw, type Component } from "vue";
import type { JsonFormsRendererRegistryEntry, RankedTester } from "@jsonforms/core";

/**
 * A registry entry whose component is marked raw: <JsonForms> keeps the renderer list in reactive
 * state, and a reactive component object costs Vue a proxy per lookup (and a warning per render).
 */
export const rendererEntry = (renderer: Component, tester: RankedTester): JsonFormsRendererRegistryEntry => ({
  renderer: markRaw(renderer),
  tester,
});

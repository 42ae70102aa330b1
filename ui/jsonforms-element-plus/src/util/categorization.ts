import { computed, ref, watch } from "vue";
import type { Layout } from "@jsonforms/core";
import { useJsonFormsCategorization, type LayoutProps } from "@jsonforms/vue";
import { useAppliedOptions } from "./options";

/**
 * Categories that are visible now (SHOW/HIDE rules on a Category apply), each with its position in
 * the UI schema as a stable key, and a selection that falls back to the first visible category
 * when the selected one is hidden by a rule.
 */
export const useCategories = (props: LayoutProps) => {
  const input = useJsonFormsCategorization(props);
  const appliedOptions = useAppliedOptions(() => input.layout.value);
  const visibleCategories = computed(() =>
    input.categories
      .map((category, index) => ({ key: index, category: category.value }))
      .filter((entry) => entry.category.visible),
  );
  const selected = ref(0);
  watch(
    () => visibleCategories.value.length,
    (length) => {
      if (selected.value >= length) selected.value = Math.max(0, length - 1);
    },
  );
  const childProps = (uischema: Layout, enabled: boolean) => {
    const layout = input.layout.value;
    return {
      schema: layout.schema,
      uischema,
      path: layout.path,
      enabled: layout.enabled && enabled,
      readonly: layout.readonly,
      renderers: layout.renderers,
      cells: layout.cells,
    };
  };
  return { ...input, appliedOptions, visibleCategories, selected, childProps };
};

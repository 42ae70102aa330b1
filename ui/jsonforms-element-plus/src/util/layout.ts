import { useJsonFormsLayout, type LayoutProps } from "@jsonforms/vue";
import type { UISchemaElement } from "@jsonforms/core";
import { useAppliedOptions } from "./options";

/**
 * A layout binding plus what every layout hands its children: the same schema and path, and its
 * own enabled/readonly so an ENABLE/DISABLE rule on a Group or Category reaches the controls inside.
 */
export const useElementLayout = (props: LayoutProps) => {
  const input = useJsonFormsLayout(props);
  const appliedOptions = useAppliedOptions(() => input.layout.value);
  const childProps = (element: UISchemaElement) => {
    const layout = input.layout.value;
    return {
      schema: layout.schema,
      uischema: element,
      path: layout.path,
      enabled: layout.enabled,
      readonly: layout.readonly,
      renderers: layout.renderers,
      cells: layout.cells,
    };
  };
  return { ...input, appliedOptions, childProps };
};

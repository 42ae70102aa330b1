import { computed, type ComputedRef } from "vue";
import {
  composePaths,
  createDefaultValue,
  findUISchema,
  getFirstPrimitiveProp,
  Resolve,
  type ControlElement,
  type JsonFormsUISchemaRegistryEntry,
  type JsonSchema,
} from "@jsonforms/core";
import { useUiText } from "../i18n/useUiText";
import { useAppliedOptions } from "./options";

/** What an array binding (useArrayBinding) exposes that the array renderers read. */
export interface ArrayState {
  path: string;
  label: string;
  description: string;
  errors: string;
  visible: boolean;
  required: boolean;
  enabled: boolean;
  readonly: boolean;
  config: unknown;
  uischema: ControlElement;
  schema: JsonSchema;
  arraySchema: JsonSchema;
  rootSchema: JsonSchema;
  uischemas: JsonFormsUISchemaRegistryEntry[];
  i18nKeyPrefix: string;
  // The array as stored in the form data; items are whatever `items` describes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

interface ArrayInput {
  control: ComputedRef<ArrayState>;
  addItem(path: string, value: unknown): () => void;
  removeItems?(path: string, toDelete: number[]): () => void;
  moveUp?(path: string, toMove: number): () => void;
  moveDown?(path: string, toMove: number): () => void;
}

/**
 * Shared behaviour of the array renderers: minItems/maxItems guards (add is disabled at maxItems,
 * remove at minItems, whatever the `restrict` option says: the schema is the contract), the
 * detail UI schema for one item, a label per item, and the chrome's text.
 */
export const useElementArray = <I extends ArrayInput>(input: I) => {
  const control = input.control;
  const appliedOptions = useAppliedOptions(() => control.value);
  const items = computed<unknown[]>(() => (Array.isArray(control.value.data) ? control.value.data : []));
  const maxItemsReached = computed(() => {
    const max = control.value.arraySchema.maxItems;
    return max !== undefined && items.value.length >= max;
  });
  const minItemsReached = computed(() => {
    const min = control.value.arraySchema.minItems;
    return min !== undefined && items.value.length <= min;
  });
  const editable = computed(() => control.value.enabled && !control.value.readonly);
  const canAdd = computed(() => editable.value && !maxItemsReached.value);
  const canRemove = computed(() => editable.value && !minItemsReached.value);
  const showSortButtons = computed(() => appliedOptions.value.showSortButtons !== false);

  const childUiSchema = computed(() =>
    findUISchema(
      control.value.uischemas,
      control.value.schema,
      control.value.uischema.scope,
      control.value.path,
      undefined,
      control.value.uischema,
      control.value.rootSchema,
    ),
  );
  const childPath = (index: number) => composePaths(control.value.path, `${index}`);
  const childLabel = (index: number): string => {
    const prop = appliedOptions.value.childLabelProp ?? getFirstPrimitiveProp(control.value.schema);
    if (!prop) return "";
    const value: unknown = Resolve.data(items.value, composePaths(`${index}`, prop));
    return value === undefined || value === null || Number.isNaN(value) ? "" : String(value);
  };

  const add = () => {
    if (!canAdd.value) return;
    input.addItem(control.value.path, createDefaultValue(control.value.schema, control.value.rootSchema))();
  };
  const remove = (index: number) => {
    if (canRemove.value) input.removeItems?.(control.value.path, [index])();
  };
  const moveUp = (index: number) => {
    if (editable.value && index > 0) input.moveUp?.(control.value.path, index)();
  };
  const moveDown = (index: number) => {
    if (editable.value && index < items.value.length - 1) input.moveDown?.(control.value.path, index)();
  };
  const text = useUiText(() => control.value.i18nKeyPrefix);

  return {
    ...input,
    appliedOptions,
    items,
    maxItemsReached,
    minItemsReached,
    editable,
    canAdd,
    canRemove,
    showSortButtons,
    childUiSchema,
    childPath,
    childLabel,
    add,
    remove,
    moveUp,
    moveDown,
    text,
  };
};

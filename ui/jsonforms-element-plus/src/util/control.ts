import { computed, type ComputedRef } from "vue";
import type { ControlElement, JsonSchema } from "@jsonforms/core";
import { useAppliedOptions } from "./options";

/** The fields of a control binding this set reads (every @jsonforms/core control mapper has them). */
export interface ControlState {
  id: string;
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
  // Form data is whatever the schema describes; each renderer narrows it where it reads it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

interface ControlInput {
  control: ComputedRef<ControlState>;
  /** Absent on bindings that change data otherwise (multi-enum adds and removes items). */
  handleChange?(path: string, value: unknown): void;
}

/**
 * Adds what every Element Plus control needs on top of a JSON Forms binding: merged options,
 * the props for ControlWrapper, and `onChange(value)` that writes to this control's path.
 */
export const useElementControl = <I extends ControlInput>(input: I) => {
  const appliedOptions = useAppliedOptions(() => input.control.value);
  const wrapper = computed(() => {
    const { id, label, description, errors, visible, required } = input.control.value;
    return { id, label, description, errors, visible, required, options: appliedOptions.value };
  });
  const onChange = (value: unknown) => input.handleChange?.(input.control.value.path, value);
  return { ...input, appliedOptions, wrapper, onChange };
};

/** Text inputs report "" when cleared; JSON Forms wants the property gone so `required` can fire. */
export const emptyToUndefined = (value: unknown): unknown =>
  value === "" || value === null || value === undefined ? undefined : value;

/**
 * What a text input shows for the data at its path. Data of the wrong type (a boolean where the
 * schema wants a string — which the form is about to flag as an error) is shown as its text, so the
 * person sees what is there next to the error, and ElInput is never handed a value it rejects.
 */
export const textValue = (value: unknown): string | number => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number") return value;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
};

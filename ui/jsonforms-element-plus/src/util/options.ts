import { computed, type ComputedRef } from "vue";
import type { UISchemaElement } from "@jsonforms/core";

/**
 * Options this set reads. The form-wide `config` prop is merged under each element's
 * `options`, so `:config="{ showUnfocusedDescription: true }"` applies to every control.
 */
export interface AppliedOptions {
  placeholder?: string;
  focus?: boolean;
  showUnfocusedDescription?: boolean;
  hideRequiredAsterisk?: boolean;
  restrict?: boolean;
  multi?: boolean;
  toggle?: boolean;
  format?: string;
  slider?: boolean;
  variant?: string;
  showNavButtons?: boolean;
  showSortButtons?: boolean;
  childLabelProp?: string;
  detail?: unknown;
  clearable?: boolean;
  labelWidth?: string | number;
  dateFormat?: string;
  dateSaveFormat?: string;
  timeFormat?: string;
  timeSaveFormat?: string;
  dateTimeFormat?: string;
  dateTimeSaveFormat?: string;
  [option: string]: unknown;
}

interface HasOptions {
  config?: unknown;
  uischema: UISchemaElement;
}

export const mergeOptions = (element: HasOptions): AppliedOptions => ({
  ...((element.config as Record<string, unknown> | undefined) ?? {}),
  ...(element.uischema.options ?? {}),
});

export const useAppliedOptions = (source: () => HasOptions): ComputedRef<AppliedOptions> =>
  computed(() => mergeOptions(source()));

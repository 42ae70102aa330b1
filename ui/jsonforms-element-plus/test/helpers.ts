import { flushPromises, mount, type VueWrapper } from "@vue/test-utils";
import { JsonForms, type JsonFormsChangeEvent } from "@jsonforms/vue";
import type {
  JsonFormsI18nState,
  JsonFormsRendererRegistryEntry,
  JsonSchema,
  UISchemaElement,
} from "@jsonforms/core";
import { nextTick } from "vue";
import { elementPlusRenderers } from "../src";

export const NO_RENDERER = "No applicable renderer found";

export interface FormOptions {
  schema: JsonSchema;
  uischema?: UISchemaElement;
  data?: unknown;
  i18n?: JsonFormsI18nState;
  config?: Record<string, unknown>;
  readonly?: boolean;
  renderers?: readonly JsonFormsRendererRegistryEntry[];
}

export interface MountedForm {
  wrapper: VueWrapper;
  /** Data carried by the most recent JsonForms `change` event. */
  data(): unknown;
  /** How many `change` events JsonForms has emitted so far. */
  changes(): number;
  errors(): string[];
  labels(): string[];
}

/** Mounts <JsonForms> with this set, attached to the document so poppers and focus behave. */
export const mountForm = async (options: FormOptions): Promise<MountedForm> => {
  const wrapper = mount(JsonForms, {
    props: {
      schema: options.schema,
      uischema: options.uischema,
      data: options.data ?? {},
      renderers: options.renderers ?? elementPlusRenderers,
      i18n: options.i18n,
      config: options.config,
      readonly: options.readonly ?? false,
    },
    attachTo: document.body,
  });
  await settle();
  const events = () => (wrapper.emitted("change") ?? []) as [JsonFormsChangeEvent][];
  return {
    wrapper,
    data: () => events().at(-1)?.[0].data,
    changes: () => events().length,
    errors: () => wrapper.findAll(".anju-jf-control__error").map((node) => node.text()),
    labels: () => wrapper.findAll(".el-form-item__label").map((node) => node.text()),
  };
};

export const settle = async () => {
  await flushPromises();
  await nextTick();
};

/** The el-form-item of the control whose label reads `label`. */
export const fieldByLabel = (wrapper: VueWrapper, label: string) => {
  const item = wrapper.findAll(".el-form-item").find((node) => node.find(".el-form-item__label").text() === label);
  if (!item) throw new Error(`no field labelled ${label}; labels: ${wrapper.findAll(".el-form-item__label").map((n) => n.text()).join(", ")}`);
  return item;
};

/** Options of the (teleported) select dropdowns currently in the document. */
export const dropdownOptions = () => Array.from(document.body.querySelectorAll<HTMLElement>(".el-select-dropdown__item"));

export const control = (scope: string, options?: Record<string, unknown>): UISchemaElement =>
  ({ type: "Control", scope, ...(options ? { options } : {}) }) as UISchemaElement;

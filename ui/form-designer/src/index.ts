/**
 * @anju/form-designer — design, version and fill Anju's low-code forms (JSON Schema + JSON Forms
 * UI schema) with Vue 3 + Element Plus.
 *
 * Components: FormDesigner, FormFill, FormVersions, FormPreview, DiffList. The service: the
 * FormsApi interface and createFormsApi (fetch). The model: pure functions under `model`, for
 * hosts that want to build or inspect forms without the UI. Renderers: the set used by the
 * preview (the Element Plus set plus the attachment control) and the matching i18n.
 */
export { default as FormDesigner } from "./designer/FormDesigner.vue";
export { default as FormFill } from "./fill/FormFill.vue";
export { default as FormVersions } from "./history/FormVersions.vue";
export { default as DiffList } from "./history/DiffList.vue";
export { default as FormPreview } from "./preview/FormPreview.vue";

export {
  createFormsApi,
  FormsApiError,
  provideFormsApi,
  serverErrorOf,
  type EffectiveForm,
  type FetchFormsApiOptions,
  type FieldError,
  type FormChange,
  type FormDiff,
  type FormListItem,
  type FormOwner,
  type FormsApi,
  type FormVersion,
  type JsonObject,
  type Submission,
  type Title,
  type VersionList,
  type VersionSummary,
} from "./api";

export { attachmentRendererEntry, createFormI18n, formRenderers, SERVER_ERROR_KEYWORD } from "./renderers";
export { toAdditionalErrors } from "./fill/serverErrors";
export { describeChange } from "./history/describe";
export { messages, type MessageKey } from "./i18n";

export * as model from "./model";
export { fromSchemas, toSchemas, type FormModel, type FormSchemas, type Locale, type LocalText } from "./model";

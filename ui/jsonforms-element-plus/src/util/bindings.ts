import {
  mapDispatchToArrayControlProps,
  mapDispatchToControlProps,
  mapDispatchToMultiEnumProps,
  mapStateToAllOfProps,
  mapStateToAnyOfProps,
  mapStateToArrayControlProps,
  mapStateToControlProps,
  mapStateToControlWithDetailProps,
  mapStateToEnumControlProps,
  mapStateToMultiEnumControlProps,
  mapStateToOneOfEnumControlProps,
  mapStateToOneOfProps,
} from "@jsonforms/core";
import { useControl, type ControlProps } from "@jsonforms/vue";
import { localized } from "../i18n/state";

/*
 * The same bindings @jsonforms/vue offers (useJsonFormsControl, …), with one difference: the
 * state mappers see the i18n resolved by this set, so inline errors come out in zh-CN unless the
 * consumer chose another locale. Layouts and labels carry no errors and use @jsonforms/vue directly.
 */

export const useControlBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToControlProps), mapDispatchToControlProps);

export const useControlWithDetailBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToControlWithDetailProps), mapDispatchToControlProps);

export const useEnumBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToEnumControlProps), mapDispatchToControlProps);

export const useOneOfEnumBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToOneOfEnumControlProps), mapDispatchToControlProps);

export const useMultiEnumBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToMultiEnumControlProps), mapDispatchToMultiEnumProps);

export const useArrayBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToArrayControlProps), mapDispatchToArrayControlProps);

export const useAllOfBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToAllOfProps), mapDispatchToControlProps);

export const useAnyOfBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToAnyOfProps), mapDispatchToControlProps);

export const useOneOfBinding = (props: ControlProps) =>
  useControl(props, localized(mapStateToOneOfProps), mapDispatchToControlProps);

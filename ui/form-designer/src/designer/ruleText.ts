import { fieldByKey } from "../model/fields";
import { localText, type FormModel, type Locale, type SimpleRule } from "../model/types";
import type { TextFn } from "../i18n";

/** "电话 等于 是 时显示" / "Show when Phone equals Yes": the watched field by its label, a choice by its option label. */
export function ruleSummary(model: FormModel, rule: SimpleRule, t: TextFn, locale: Locale): string {
  const field = fieldByKey(model, rule.field);
  const name = field ? localText(field.label, locale) || field.key : rule.field;
  let value: string;
  if (typeof rule.value === "boolean") value = t(rule.value ? "panel.yes" : "panel.no");
  else {
    const option = field?.options.find((o) => o.value === rule.value);
    value = option ? localText(option.label, locale) || option.value : JSON.stringify(rule.value);
  }
  return t("rule.summary", { field: name, value, effect: t(`rule.${rule.effect}`) });
}

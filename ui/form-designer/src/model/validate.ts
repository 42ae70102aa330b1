/**
 * What is wrong with a model before it goes to the server: things the server would refuse
 * with a less helpful message (an empty choice list, a pattern that is no regular expression,
 * a rule on a field that is gone) and things a designer most likely did not mean (min above
 * max, a field without a Chinese label). Each problem names the node, so the canvas can mark it.
 */
import { fieldsOf } from "./fields";
import { ATTACHMENT_MAX_BYTES, KINDS } from "./kinds";
import { walkNodes } from "./tree";
import type { FormModel } from "./types";

export type ProblemCode =
  | "LABEL_EMPTY"
  | "OPTIONS_EMPTY"
  | "OPTION_VALUE_EMPTY"
  | "OPTION_VALUE_DUPLICATE"
  | "MIN_ABOVE_MAX"
  | "LIMIT_NEGATIVE"
  | "PATTERN_INVALID"
  | "ATTACHMENT_TYPES_EMPTY"
  | "ATTACHMENT_SIZE_INVALID"
  | "RULE_FIELD_MISSING"
  | "CATEGORIES_EMPTY";

export interface Problem {
  id: string;
  code: ProblemCode;
  params?: Record<string, unknown>;
}

export function validateModel(model: FormModel): Problem[] {
  const problems: Problem[] = [];
  const keys = new Set([...fieldsOf(model).map((f) => f.key), ...Object.keys(model.extraProperties)]);
  for (const { node } of walkNodes(model.root)) {
    const add = (code: ProblemCode, params?: Record<string, unknown>) => problems.push({ id: node.id, code, ...(params ? { params } : {}) });
    if (node.rule && !keys.has(node.rule.field)) add("RULE_FIELD_MISSING", { field: node.rule.field });
    if (node.node === "categorization" && node.children.length === 0) add("CATEGORIES_EMPTY");
    if ((node.node === "group" || node.node === "category") && !node.label["zh-CN"]) add("LABEL_EMPTY");
    if (node.node !== "field") continue;
    if (!node.label["zh-CN"]) add("LABEL_EMPTY");
    if (KINDS[node.kind].options) {
      if (node.options.length === 0) add("OPTIONS_EMPTY");
      const seen = new Set<string>();
      for (const o of node.options) {
        if (!o.value) add("OPTION_VALUE_EMPTY");
        else if (seen.has(o.value)) add("OPTION_VALUE_DUPLICATE", { value: o.value });
        seen.add(o.value);
      }
    }
    if (node.min !== undefined && node.max !== undefined && node.min > node.max) add("MIN_ABOVE_MAX", { min: node.min, max: node.max });
    if (KINDS[node.kind].limits !== "value" && ((node.min ?? 0) < 0 || (node.max ?? 0) < 0)) add("LIMIT_NEGATIVE");
    if (node.pattern) {
      try {
        new RegExp(node.pattern, "u");
      } catch {
        add("PATTERN_INVALID", { pattern: node.pattern });
      }
    }
    if (node.kind === "attachment") {
      if (node.attachment?.types && node.attachment.types.length === 0) add("ATTACHMENT_TYPES_EMPTY");
      const max = node.attachment?.maxBytes;
      if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > ATTACHMENT_MAX_BYTES)) add("ATTACHMENT_SIZE_INVALID", { max: ATTACHMENT_MAX_BYTES });
    }
  }
  return problems;
}

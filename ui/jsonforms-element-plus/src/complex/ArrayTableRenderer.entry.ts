import {
  and,
  isObjectArrayControl,
  isObjectArrayWithNesting,
  isPrimitiveArrayControl,
  not,
  or,
  rankWith,
} from "@jsonforms/core";
import ArrayTableRenderer from "./ArrayTableRenderer.vue";
import { rendererEntry } from "../util/entry";

/** Primitive items, or object items without nesting (nested ones go to the list, rank 2). */
export const entry = rendererEntry(
  ArrayTableRenderer,
  rankWith(3, or(isPrimitiveArrayControl, and(isObjectArrayControl, not(isObjectArrayWithNesting)))),
);

/** Conditions on one reading's value. */
import type { Condition, Scalar } from "./types.js";

/**
 * true / false when the value can be judged, undefined when it cannot (a string compared with
 * `>`, a boolean against a number). Callers treat undefined as "no news" so that a reading of
 * the wrong type neither raises nor clears an alarm.
 */
export function test(c: Condition, v: Scalar): boolean | undefined {
  const want = c.value;
  if (typeof v !== typeof want) return undefined;
  switch (c.op) {
    case "==": return v === want;
    case "!=": return v !== want;
    case ">": return typeof v === "number" ? v > (want as number) : undefined;
    case ">=": return typeof v === "number" ? v >= (want as number) : undefined;
    case "<": return typeof v === "number" ? v < (want as number) : undefined;
    case "<=": return typeof v === "number" ? v <= (want as number) : undefined;
    default: return undefined;
  }
}

/**
 * Whether some value satisfies both conditions. A raise condition that overlaps its clear
 * condition would raise and clear on alternate readings of the same value, so rule sets with
 * overlap are refused. Both conditions are unions of intervals bounded by their two constants,
 * so probing the constants, the point between them and points beyond them is exhaustive.
 */
export function overlaps(a: Condition, b: Condition): boolean {
  const probes: Scalar[] = [a.value, b.value];
  if (typeof a.value === "number" && typeof b.value === "number") {
    const lo = Math.min(a.value, b.value), hi = Math.max(a.value, b.value);
    probes.push((lo + hi) / 2, lo - 1, hi + 1);
  } else if (typeof a.value === "boolean" || typeof b.value === "boolean") {
    probes.push(true, false);
  } else {
    probes.push("\u0000probe-not-equal-to-either");
  }
  return probes.some((p) => test(a, p) === true && test(b, p) === true);
}

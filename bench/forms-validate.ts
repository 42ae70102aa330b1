/**
 * Server-side validation throughput of @anju/forms for a 40-field form (the shape of a monthly
 * community safety report: text with patterns and lengths, bounded numbers, enums, dates, a
 * nested contact, a list of rows). The validator is compiled once and taken from the cache per
 * form version, as `forms.submit` does; every call goes through the same cache lookup and
 * attachment collector.
 *
 * Measured (single thread, after a warm-up), each the median of --rounds rounds:
 *   valid      submissions/s that pass
 *   invalid    submissions/s with 3 errors each, including mapping them to field paths with
 *              zh-CN and en messages (what a refused submission costs)
 *   compile    one compilation of the form (what the first submission after a publish pays)
 *
 *   npx tsx bench/forms-validate.ts [--submissions 100000] [--rounds 5]
 */
import { performance } from "node:perf_hooks";
import { collecting, createFormsAjv, DEFAULT_LIMITS, fieldErrors, ValidatorCache } from "@anju/forms";
import { fortyFieldForm, submission } from "./lib/forty-field-form.js";
import { machineInfo, machineMarkdown } from "./lib/machine.js";
import { fmt, median, numberArgs } from "./lib/stats.js";

const args = numberArgs({ submissions: 100_000, rounds: 5 });

function countFields(schema: Record<string, unknown>): number {
  const props = schema.properties as Record<string, Record<string, unknown>>;
  let n = 0;
  for (const p of Object.values(props)) {
    if (p.type === "object") n += Object.keys(p.properties as object).length;
    else if (p.type === "array") n += Object.keys((p.items as { properties: object }).properties).length;
    else n += 1;
  }
  return n;
}

function main(): void {
  const machine = machineInfo();
  const schema = fortyFieldForm();
  const cache = new ValidatorCache(createFormsAjv(DEFAULT_LIMITS), DEFAULT_LIMITS.validatorCache);
  const key = "v:bench-form-version";

  const compileMs: number[] = [];
  for (let r = 0; r < args.rounds; r++) {
    const fresh = new ValidatorCache(createFormsAjv(DEFAULT_LIMITS), 4);
    const t0 = performance.now();
    fresh.get(key, schema);
    compileMs.push(performance.now() - t0);
  }

  const valid = Array.from({ length: 1000 }, (_, i) => submission(i, true));
  const invalid = Array.from({ length: 1000 }, (_, i) => submission(i, false));
  const check = cache.get(key, schema);
  if (!check(valid[0]) || check(invalid[0])) throw new Error("fixture submissions are not what they claim");
  const errorsPer = fieldErrors(check.errors).length;

  const run = (inputs: Array<Record<string, unknown>>, n: number, onError: boolean): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const validate = cache.get(key, schema);
      const { result } = collecting(() => validate(inputs[i % inputs.length]));
      if (!result && onError) fieldErrors(validate.errors, "zh-CN");
    }
    return n / ((performance.now() - t0) / 1000);
  };
  run(valid, 20_000, false);
  run(invalid, 5_000, true);
  const validRates: number[] = [];
  const invalidRates: number[] = [];
  for (let r = 0; r < args.rounds; r++) {
    validRates.push(run(valid, args.submissions, false));
    invalidRates.push(run(invalid, Math.max(1000, Math.floor(args.submissions / 5)), true));
  }

  console.log("# Forms: server-side validation throughput\n");
  console.log(machineMarkdown(machine));
  const top = Object.keys(schema.properties as object).length - 2;
  console.log(`\nForm: ${countFields(schema)} fields (${top} top-level, a nested contact of 3, a list of rows of 3; each submission has 3 rows); ${args.rounds} rounds, median.\n`);
  console.log("| case | result |");
  console.log("|---|---|");
  console.log(`| valid submissions | ${fmt(median(validRates))} /s (${fmt(1e6 / median(validRates), 1)} µs each) |`);
  console.log(`| invalid submissions (${errorsPer} errors, mapped to paths with zh-CN + en) | ${fmt(median(invalidRates))} /s (${fmt(1e6 / median(invalidRates), 1)} µs each) |`);
  console.log(`| compile once per form version | ${fmt(median(compileMs), 1)} ms |`);
}

main();

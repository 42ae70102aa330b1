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
import { machineInfo, machineMarkdown } from "./lib/machine.js";
import { fmt, median, numberArgs } from "./lib/stats.js";

const args = numberArgs({ submissions: 100_000, rounds: 5 });

/** 40 fields: 34 at the top level, 3 in `contact`, 3 per row of `rows`. */
function fortyFieldForm(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < 10; i++) properties[`text${i}`] = { type: "string", minLength: 1, maxLength: 100 };
  for (let i = 0; i < 8; i++) properties[`count${i}`] = { type: "integer", minimum: 0, maximum: 100_000 };
  for (let i = 0; i < 6; i++) properties[`choice${i}`] = { type: "string", enum: ["none", "low", "medium", "high", "critical"] };
  for (let i = 0; i < 4; i++) properties[`date${i}`] = { type: "string", format: "date" };
  for (let i = 0; i < 4; i++) properties[`code${i}`] = { type: "string", pattern: "^[0-9]{6,12}$" };
  properties.checked = { type: "boolean" };
  properties.ratio = { type: "number", minimum: 0, maximum: 1 };
  properties.contact = {
    type: "object", additionalProperties: false, required: ["name", "mobile"],
    properties: { name: { type: "string", maxLength: 20 }, mobile: { type: "string", pattern: "^1[3-9][0-9]{9}$" }, email: { type: "string", format: "email" } },
  };
  properties.rows = {
    type: "array", maxItems: 50,
    items: { type: "object", additionalProperties: false, required: ["building"], properties: { building: { type: "string", maxLength: 20 }, units: { type: "integer", minimum: 0 }, note: { type: "string", maxLength: 200 } } },
  };
  return { type: "object", additionalProperties: false, required: ["text0", "count0", "date0", "contact"], properties };
}

function submission(i: number, valid: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (let k = 0; k < 10; k++) data[`text${k}`] = `第${i}号小区巡查记录 ${k}`;
  for (let k = 0; k < 8; k++) data[`count${k}`] = (i * 7 + k) % 1000;
  for (let k = 0; k < 6; k++) data[`choice${k}`] = ["none", "low", "medium", "high", "critical"][(i + k) % 5];
  for (let k = 0; k < 4; k++) data[`date${k}`] = `2026-0${(k % 9) + 1}-1${k}`;
  for (let k = 0; k < 4; k++) data[`code${k}`] = String(340100000 + i + k);
  data.checked = i % 2 === 0;
  data.ratio = (i % 100) / 100;
  data.contact = { name: "王警官", mobile: "13800138000", email: "duty@example.cn" };
  data.rows = [{ building: "1栋", units: 24, note: "正常" }, { building: "2栋", units: 36 }, { building: "3栋", units: 18, note: "消防通道畅通" }];
  if (!valid) {
    data.count3 = -1;                                   // below minimum
    data.contact = { name: "王警官", mobile: "110" };    // bad pattern
    data.unexpected = true;                             // additional property
  }
  return data;
}

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

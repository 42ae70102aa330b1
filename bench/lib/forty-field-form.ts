/**
 * The 40-field form both form benchmarks use (the shape of a monthly community safety report:
 * text with patterns and lengths, bounded numbers, enums, dates, a nested contact, a list of
 * rows), and submissions for it. Plain data, so the browser harness can import it too.
 */
/** 40 fields: 34 at the top level, 3 in `contact`, 3 per row of `rows`. */
export function fortyFieldForm(): Record<string, unknown> {
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

export function submission(i: number, valid: boolean): Record<string, unknown> {
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


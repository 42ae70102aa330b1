/**
 * What the child answered, checked on the host: per raw message either readings that pass
 * normalizeReadings or rejections naming the message's topic. Nothing the child returns can
 * throw here.
 */
import type { DecodeOutcome } from "./protocol.js";
import { normalizeReadings, type DeviceProfile, type Reading } from "./sdk-types.js";
import type { DecodeBatchResult, RawMessage } from "./types.js";

/** A raw message yielding more readings than this is refused whole (a runaway driver). */
export const MAX_READINGS_PER_MESSAGE = 1000;
/** Longer string values are refused: readings are measurements, not documents. */
export const MAX_STRING_VALUE = 1024;

export function normalizeBatch(
  batch: readonly RawMessage[],
  outcomes: readonly DecodeOutcome[],
  now: number,
  profileOf?: (deviceCode: string) => DeviceProfile | undefined,
): Required<DecodeBatchResult> {
  const readings: Reading[] = [];
  const origins: number[] = [];
  const rejected: DecodeBatchResult["rejected"] = [];
  for (let i = 0; i < batch.length; i++) {
    const topic = batch[i].topic;
    const outcome = outcomes[i];
    if ("error" in outcome) {
      rejected.push({ topic, code: outcome.error.code, reason: outcome.error.message });
      continue;
    }
    if (Array.isArray(outcome.ok) && outcome.ok.length > MAX_READINGS_PER_MESSAGE) {
      rejected.push({ topic, code: "TOO_MANY_READINGS", reason: `${outcome.ok.length} readings from one message (limit ${MAX_READINGS_PER_MESSAGE})` });
      continue;
    }
    let result: ReturnType<typeof normalizeReadings>;
    try {
      result = normalizeReadings(outcome.ok, { now, profileOf });
    } catch (err) {
      rejected.push({ topic, code: "READINGS_INVALID", reason: String((err as Error)?.message ?? err).slice(0, 500) });
      continue;
    }
    for (const r of result.rejected) rejected.push({ topic, code: r.code, reason: r.reason });
    for (const r of result.readings) {
      if (typeof r.value === "string" && r.value.length > MAX_STRING_VALUE) {
        rejected.push({ topic, code: "VALUE_TOO_LONG", reason: `value of ${r.resource} has ${r.value.length} characters (limit ${MAX_STRING_VALUE})` });
        continue;
      }
      readings.push(r);
      origins.push(i);
    }
  }
  return { readings, rejected, origins };
}

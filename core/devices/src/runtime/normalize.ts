/**
 * What the child answered, checked on the host: per raw message either readings that pass the
 * SDK's normalizeReadings (the same check a vendor's tests run through the driver harness) or
 * rejections naming the message's topic. Nothing the child returns can throw here.
 */
import { normalizeReadings, type DeviceProfile, type Reading } from "@anju/sdk/driver";
import type { DecodeOutcome } from "./protocol.js";
import type { DecodeBatchResult, RawMessage } from "./types.js";

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
    const result = normalizeReadings(outcome.ok, { now: batch[i].receivedAt || now, profileOf });
    for (const r of result.rejected) rejected.push({ topic, code: r.code, reason: r.reason });
    for (const r of result.readings) {
      readings.push(r);
      origins.push(i);
    }
  }
  return { readings, rejected, origins };
}

/** The driver runtime's public shapes (the #7 contract, part C). */
import type { DeviceProfile, Reading } from "@anju/sdk/driver";

export interface RawMessage { topic: string; payload: Buffer; receivedAt: number }

export interface DecodeBatchResult {
  readings: Reading[];
  rejected: Array<{ topic: string; code: string; reason: string }>;
  /**
   * For each reading, the index in the batch of the raw message it came from, so the caller can
   * check a reading's device against the topic it arrived on (a driver could name any device).
   */
  origins?: number[];
}

export type DriverState = "starting" | "running" | "degraded" | "stopped";

export interface DriverStatus {
  pluginId: string;
  driverId: string | null;
  version: string;
  state: DriverState;
  pid: number | null;
  restarts: number;
  lastError: string | null;
  lastStartedAt: number | null;
  profiles: DeviceProfile[];
  /** Delay before the next restart attempt while degraded (grows exponentially), else null. */
  backoffMs: number | null;
  /** Messages from the child that were not part of the protocol (counted and ignored). */
  protocolViolations: number;
}

export interface DriverSpec {
  pluginId: string;
  version: string;
  dir: string;
  /** Absolute path of the driver's entry module (inside `dir`). */
  entry: string;
  /** Overrides `limits.memoryMb` for this driver (manifest `anju.driver.memoryMb`). */
  memoryMb?: number;
}

export interface SupervisorLimits {
  /** V8 heap limit (`--max-old-space-size`); the resident set may exceed it by `rssHeadroomMb`. */
  memoryMb: number;
  /** Buffers and native memory live outside the V8 heap: RSS over memoryMb + this kills the child. */
  rssHeadroomMb: number;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  decodeTimeoutMs: number;
  /** How long a hello may take (tsx compiles a .ts entry on first load). */
  startTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Running this long without a failure resets the backoff to its initial delay. */
  stableMs: number;
  /** Larger payloads are rejected (PAYLOAD_TOO_LARGE) without reaching the driver; the SDK's default. */
  maxPayloadBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SupervisorLimits> = Object.freeze({
  memoryMb: 128,
  rssHeadroomMb: 128,
  heartbeatMs: 1_000,
  heartbeatTimeoutMs: 5_000,
  decodeTimeoutMs: 10_000,
  startTimeoutMs: 20_000,
  backoffInitialMs: 500,
  backoffMaxMs: 60_000,
  stableMs: 60_000,
  maxPayloadBytes: 256 * 1024,
});

export interface RuntimeLogger {
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

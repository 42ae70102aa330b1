/**
 * Keeps each driver plugin's child process alive: start, restart with exponential backoff after
 * a crash, a missed heartbeat or memory over the limit, and the state the console shows
 * (starting → running → degraded while failing → running). Decoding goes through here so the
 * host checks what the child answered (normalizeReadings) before anything else sees it.
 */
import { RuntimeErrors } from "./errors.js";
import { DriverProcess } from "./driver-process.js";
import { SANDBOX_SUPPORTED } from "./launch.js";
import { normalizeBatch } from "./normalize.js";
import { validateProfiles } from "./profiles.js";
import type { DecodeOutcome, Serialization } from "./protocol.js";
import type { DeviceProfile } from "@anju/sdk/driver";
import { DEFAULT_LIMITS, type DecodeBatchResult, type DriverSpec, type DriverStatus, type RawMessage, type RuntimeLogger, type SupervisorLimits } from "./types.js";

interface Slot {
  spec: DriverSpec;
  status: DriverStatus;
  proc: DriverProcess | null;
  /** Failures since the last stable run: the backoff exponent. */
  failures: number;
  restartTimer: NodeJS.Timeout | null;
  stableTimer: NodeJS.Timeout | null;
  stopped: boolean;
}

export interface SupervisorOptions {
  logger?: RuntimeLogger;
  limits?: Partial<SupervisorLimits>;
  onStatus?: (s: DriverStatus) => void;
  /**
   * IPC serialisation. "json" (default) was cheaper on both sides in bench/driver-ipc.ts: Node's
   * "advanced" channel runs its V8 serializer through JavaScript hooks per message.
   */
  serialization?: Serialization;
  /**
   * Confine each child with Node's permission model (read only its package and the host's
   * packages; no file writes, processes or addons). Default: on where Node supports it.
   */
  sandbox?: boolean;
}

const quiet: RuntimeLogger = { info() {}, warn() {}, error() {} };

export class DriverSupervisor {
  private readonly slots = new Map<string, Slot>();
  private readonly limits: SupervisorLimits;
  private readonly logger: RuntimeLogger;
  private readonly channel: { serialization: Serialization; sandbox: boolean };

  constructor(private readonly opts: SupervisorOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.logger = opts.logger ?? quiet;
    this.channel = { serialization: opts.serialization ?? "json", sandbox: (opts.sandbox ?? true) && SANDBOX_SUPPORTED };
  }

  /**
   * Resolves after the child's hello with valid profiles. On failure it rejects with the coded
   * error, and the driver stays supervised: degraded, retried with backoff until stop().
   * Starting a plugin that runs already replaces it (an upgrade brings a new entry).
   */
  async start(spec: DriverSpec): Promise<DriverStatus> {
    if (this.slots.has(spec.pluginId)) await this.stop(spec.pluginId);
    const slot: Slot = {
      spec,
      status: {
        pluginId: spec.pluginId, driverId: null, version: spec.version, state: "starting", pid: null, restarts: 0,
        lastError: null, lastStartedAt: null, profiles: [], backoffMs: null, protocolViolations: 0,
      },
      proc: null, failures: 0, restartTimer: null, stableTimer: null, stopped: false,
    };
    this.slots.set(spec.pluginId, slot);
    this.emit(slot);
    await this.launch(slot);
    return { ...slot.status };
  }

  async stop(pluginId: string): Promise<void> {
    const slot = this.slots.get(pluginId);
    if (!slot) return;
    this.slots.delete(pluginId);
    slot.stopped = true;
    this.clearTimers(slot);
    const proc = slot.proc;
    slot.proc = null;
    await proc?.stop();
    this.update(slot, { state: "stopped", pid: null, backoffMs: null });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.slots.keys()].map((id) => this.stop(id)));
  }

  async decode(pluginId: string, batch: RawMessage[], profileOf?: (deviceCode: string) => DeviceProfile | undefined): Promise<DecodeBatchResult> {
    const slot = this.slots.get(pluginId);
    if (!slot) throw RuntimeErrors.DRIVER_NOT_STARTED({ pluginId });
    if (slot.status.state !== "running" || !slot.proc) throw RuntimeErrors.DRIVER_UNAVAILABLE({ pluginId, reason: slot.status.lastError ?? slot.status.state, inFlight: false });
    if (batch.length === 0) return { readings: [], rejected: [], origins: [] };
    // An oversized payload is refused before it costs a copy to the child.
    const limit = this.limits.maxPayloadBytes;
    const small = batch.filter((m) => m.payload.length <= limit);
    const answers = small.length ? await slot.proc.decode(small) : [];
    let next = 0;
    const outcomes = batch.map((m): DecodeOutcome => m.payload.length <= limit
      ? answers[next++]
      : { error: { code: "PAYLOAD_TOO_LARGE", message: `${m.payload.length} bytes, limit ${limit}` } });
    return normalizeBatch(batch, outcomes, Date.now(), profileOf);
  }

  /** The spec a plugin's driver was started with (reconcileDrivers compares folders). */
  specOf(pluginId: string): DriverSpec | undefined {
    return this.slots.get(pluginId)?.spec;
  }

  status(): DriverStatus[] {
    return [...this.slots.values()].map((s) => ({ ...s.status }));
  }

  private async launch(slot: Slot): Promise<void> {
    const proc = new DriverProcess(slot.spec, this.limits, this.channel, {
      logger: this.logger,
      onExit: (reason) => this.failed(slot, proc, reason),
      onViolation: () => { slot.status.protocolViolations++; },
    });
    slot.proc = proc;
    try {
      const hello = await proc.start();
      const profiles = validateProfiles(slot.spec.pluginId, hello.profiles);
      if (slot.stopped || slot.proc !== proc) return void proc.kill("stopped while starting");
      this.update(slot, { state: "running", driverId: hello.driverId, profiles, pid: proc.pid, lastStartedAt: Date.now(), backoffMs: null });
      this.logger.info(`驱动 ${slot.spec.pluginId} 已启动 / driver started (pid ${proc.pid})`);
      slot.stableTimer = setTimeout(() => { slot.failures = 0; }, this.limits.stableMs);
      slot.stableTimer.unref();
    } catch (err) {
      const error = err as Error & { anjuCode?: string };
      if (slot.proc === proc) this.failed(slot, proc, error.message);
      proc.kill(error.message);
      // Vendor mistakes in the entry or profiles get their own code; everything else is a failed start.
      throw error.anjuCode ? error : RuntimeErrors.DRIVER_START_FAILED({ pluginId: slot.spec.pluginId, error: error.message });
    }
  }

  private failed(slot: Slot, proc: DriverProcess, reason: string): void {
    if (slot.stopped || slot.proc !== proc) return;
    slot.proc = null;
    this.clearTimers(slot);
    slot.failures++;
    const backoffMs = Math.min(this.limits.backoffMaxMs, this.limits.backoffInitialMs * 2 ** (slot.failures - 1));
    this.logger.warn(`驱动 ${slot.spec.pluginId} 故障，${backoffMs} ms 后重启 / driver failed, restarting in ${backoffMs} ms: ${reason}`);
    this.update(slot, { state: "degraded", pid: null, lastError: reason, backoffMs });
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (slot.stopped) return;
      slot.status.restarts++;
      this.launch(slot).catch(() => undefined); // launch records the failure and schedules the next try
    }, backoffMs);
    slot.restartTimer.unref();
  }

  private clearTimers(slot: Slot): void {
    if (slot.restartTimer) clearTimeout(slot.restartTimer);
    if (slot.stableTimer) clearTimeout(slot.stableTimer);
    slot.restartTimer = slot.stableTimer = null;
  }

  private update(slot: Slot, patch: Partial<DriverStatus>): void {
    Object.assign(slot.status, patch);
    this.emit(slot);
  }

  private emit(slot: Slot): void {
    try {
      this.opts.onStatus?.({ ...slot.status, profiles: slot.status.profiles });
    } catch (err) {
      this.logger.error(`onStatus failed: ${(err as Error).message}`);
    }
  }
}

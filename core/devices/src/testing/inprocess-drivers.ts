/**
 * A driver gateway that runs driver definitions inside this process, for this package's tests
 * and benchmarks where a child process per driver is beside the point (the host runs drivers
 * through DriverSupervisor). It follows the supervisor's `decode` contract with the SDK's own
 * decodeMessage (the same checks the child applies), including `origins`.
 */
import { decodeMessage, type DriverDefinition } from "@anju/sdk/driver";
import type { DecodeBatchResult, DeviceProfile, DriverGateway, DriverStatus, RawMessage } from "../contract.js";

export class InProcessDrivers implements DriverGateway {
  private readonly drivers = new Map<string, DriverDefinition>();
  /** Set to make decode fail as if the child were restarting. */
  unavailable = false;
  /** A message this matches "kills the driver": the whole batch fails as a crash mid-batch would. */
  crashOn: ((payload: Buffer) => boolean) | null = null;

  add(pluginId: string, driver: DriverDefinition): this {
    this.drivers.set(pluginId, driver);
    return this;
  }

  status(): DriverStatus[] {
    return [...this.drivers].map(([pluginId, d]) => ({
      pluginId, driverId: d.id, version: "0.0.0", state: "running", pid: process.pid, restarts: 0, lastError: null,
      lastStartedAt: null, profiles: d.profiles, backoffMs: null, protocolViolations: 0,
    }));
  }

  async decode(pluginId: string, batch: RawMessage[], profileOf?: (deviceCode: string) => DeviceProfile | undefined): Promise<DecodeBatchResult> {
    const driver = this.drivers.get(pluginId);
    if (!driver || this.unavailable) throw Object.assign(new Error(`driver ${pluginId} unavailable`), { type: "DRIVER_UNAVAILABLE", data: { inFlight: false } });
    if (this.crashOn && batch.some((m) => this.crashOn!(m.payload))) {
      throw Object.assign(new Error(`driver ${pluginId} exited mid-batch`), { type: "DRIVER_UNAVAILABLE", data: { inFlight: true } });
    }
    const out: DecodeBatchResult = { readings: [], rejected: [], origins: [] };
    batch.forEach((m, i) => {
      const r = decodeMessage(driver, m.topic, m.payload, { now: m.receivedAt, profileOf });
      for (const reading of r.readings) { out.readings.push(reading); out.origins!.push(i); }
      for (const x of r.rejected) out.rejected.push({ topic: m.topic, code: x.code, reason: x.reason });
    });
    return out;
  }
}

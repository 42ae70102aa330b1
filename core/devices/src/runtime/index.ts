/** The driver runtime: vendor drivers in supervised child processes (#7, part C). */
export { DriverSupervisor, type SupervisorOptions } from "./supervisor.js";
export { RuntimeErrors } from "./errors.js";
export { DEFAULT_LIMITS } from "./types.js";
export type { DecodeBatchResult, DriverSpec, DriverState, DriverStatus, RawMessage, SupervisorLimits, RuntimeLogger } from "./types.js";
export { reconcileDrivers, driverSpecOf } from "./reconcile.js";

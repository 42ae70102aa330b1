/** The driver (the host loads `anju.driver.entry` in a driver process, never this file) and its frame codec for simulators. */
export { default } from "./driver.js";
export { buildFrame, parseFrame, crc16modbus, deviceCodeOf, TYPE_MEASUREMENT, TYPE_HEARTBEAT } from "./frame.js";
export type { Frame } from "./frame.js";
export { WATER_PRESSURE_PROFILE } from "./profile.js";

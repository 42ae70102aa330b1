/** The driver (the host loads `anju.driver.entry` in a driver process, never this file) and its profiles. */
export { default } from "./driver.js";
export { ELECTRICITY_MONITOR_PROFILE, TRANSMISSION_DEVICE_PROFILE, ELEVATOR_TERMINAL_PROFILE, FIRE_IOT_PROFILES } from "./profiles.js";
export { parseMessage, readingsOf, MAX_MESSAGE_BYTES } from "./message.js";

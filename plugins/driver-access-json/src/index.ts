/** The driver (the host loads `anju.driver.entry` in a driver process, never this file) and its profile. */
export { default } from "./driver.js";
export { ACCESS_CONTROLLER_PROFILE } from "./profile.js";
export { parseMessage, readingsOf, MAX_MESSAGE_BYTES } from "./message.js";

/**
 * Server time decides which target is in force (Y5/Y6) and whether a notice is still valid
 * (Y7), never the client. Tests and the demo fix the clock of one node (the SDK's per-plugin
 * clock: shared by every copy of this module on the node).
 */
import { pluginClock } from "@anju/sdk";
import { PLUGIN_ID } from "./constants.js";

export const { setClock, nowOf, clockOf } = pluginClock(PLUGIN_ID);

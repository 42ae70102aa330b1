/**
 * Server time decides deadlines (T4), never the client. Tests and the demo fix the clock of one
 * node (the SDK's per-plugin clock: shared by every copy of this module on the node). A node on
 * a fixed clock does not run its scheduler on a timer: whoever fixed the clock ticks it.
 */
import { pluginClock } from "@anju/sdk";
import { PLUGIN_ID } from "./constants.js";

export const { setClock, nowOf, clockOf, usesSystemClock } = pluginClock(PLUGIN_ID);

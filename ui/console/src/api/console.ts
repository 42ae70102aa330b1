/** core/console: navigation and the plugin catalogue. */
import { http } from "./http";
import type { NavAnswer, PluginEntry } from "./types";

export const consoleApi = {
  nav: () => http.get<NavAnswer>("/api/console/nav"),
  plugins: () => http.get<{ plugins: PluginEntry[]; problems: Array<{ dir: string; code: string; message: string }> }>("/api/console/plugins"),
};

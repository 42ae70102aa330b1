/** REST routes, served by the gateway under `/api/yiyang-fire-safety`. */
import type { PluginRoute } from "@anju/kernel";
import { YiyangActions as A } from "./actions.js";

export const YIYANG_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/progress/communities", action: A.progress.communities },
  { method: "GET", path: "/progress/streets", action: A.progress.streets },
  { method: "GET", path: "/progress/overview", action: A.progress.overview },
  { method: "GET", path: "/progress/standard", action: A.progress.standard },
  { method: "GET", path: "/declarations", action: A.declarations.list },
  { method: "POST", path: "/declarations", action: A.declarations.create },
  { method: "DELETE", path: "/declarations/:id", action: A.declarations.revoke },
  { method: "GET", path: "/notices", action: A.notices.list },
  { method: "GET", path: "/notices/current", action: A.notices.current },
  { method: "POST", path: "/notices", action: A.notices.publish },
  { method: "GET", path: "/notices/:id", action: A.notices.get },
  { method: "POST", path: "/notices/:id/withdraw", action: A.notices.withdraw },
  { method: "GET", path: "/rentals", action: A.rentals.list },
  { method: "POST", path: "/rentals", action: A.rentals.create },
  { method: "GET", path: "/rentals/:id", action: A.rentals.get },
  { method: "PATCH", path: "/rentals/:id", action: A.rentals.update },
  { method: "DELETE", path: "/rentals/:id", action: A.rentals.remove },
  { method: "GET", path: "/alarms", action: A.alarms.list },
  { method: "GET", path: "/alarms/stats", action: A.alarms.stats },
  { method: "GET", path: "/alarms/board", action: A.alarms.board },
  { method: "GET", path: "/alarms/county", action: A.alarms.county },
  { method: "GET", path: "/alarms/:id", action: A.alarms.get },
  { method: "POST", path: "/alarms/:id/acknowledge", action: A.alarms.acknowledge },
  { method: "POST", path: "/alarms/:id/dispatch", action: A.alarms.dispatch },
  { method: "POST", path: "/alarms/:id/result", action: A.alarms.result },
  { method: "POST", path: "/alarms/:id/close", action: A.alarms.close },
  { method: "GET", path: "/county/authorisations", action: A.access.countyAuthorisations },
  { method: "GET", path: "/county/access-events", action: A.access.countyAccessEvents },
];

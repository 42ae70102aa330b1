/** REST routes, served by the gateway under `/api/tongling-reporting`. The scheduler has none: it is the system's. */
import type { PluginRoute } from "@anju/kernel";
import { TonglingActions as A } from "./actions.js";

export const TONGLING_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/reports", action: A.reports.list },
  { method: "POST", path: "/reports", action: A.reports.create },
  { method: "GET", path: "/reports/:id", action: A.reports.get },
  { method: "PATCH", path: "/reports/:id", action: A.reports.update },
  { method: "POST", path: "/reports/:id/submit", action: A.reports.submit },
  { method: "POST", path: "/reports/:id/accept", action: A.reports.accept },
  { method: "POST", path: "/reports/:id/return", action: A.reports.return },
  { method: "GET", path: "/reports/:id/history", action: A.reports.history },
  { method: "GET", path: "/reports/:id/pdf", action: A.reports.pdf },
  { method: "GET", path: "/reports/:id/attachments/:fileId", action: A.reports.attachment },
  { method: "GET", path: "/progress/communities", action: A.progress.communities },
  { method: "GET", path: "/progress/summary", action: A.progress.summary },
  { method: "GET", path: "/progress/checklist", action: A.progress.checklist },
  { method: "GET", path: "/attestations", action: A.attestations.list },
  { method: "POST", path: "/attestations", action: A.attestations.create },
  { method: "DELETE", path: "/attestations/:id", action: A.attestations.revoke },
  { method: "GET", path: "/findings", action: A.findings.list },
  { method: "POST", path: "/findings/recheck", action: A.findings.recheck },
  { method: "GET", path: "/board", action: A.board.overview },
  { method: "GET", path: "/board/status", action: A.board.status },
  { method: "GET", path: "/board/trend", action: A.board.trend },
  { method: "GET", path: "/board/export", action: A.board.export },
  { method: "GET", path: "/notifications", action: A.notifications.list },
  { method: "POST", path: "/notifications/:id/read", action: A.notifications.markRead },
];

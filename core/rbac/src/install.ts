/** What the host (CLI `anju start`, startNode) calls: create the RBAC tables. */
import type { AnjuHost } from "@anju/kernel";
import type { MigrationReport } from "@anju/data";
import { migrate } from "./migrations.js";

export function install(host: Pick<AnjuHost, "ds">): Promise<MigrationReport> {
  return migrate(host.ds);
}

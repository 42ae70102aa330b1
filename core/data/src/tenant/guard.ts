/**
 * Refuses any query that touches a tenant table outside a tenant or system scope, and any
 * tenant-scoped query on a tenant table that does not mention the jurisdiction column.
 * TypeORM calls `beforeQuery` synchronously before running SQL; throwing aborts the query.
 */
import { EventSubscriber, type EntitySubscriberInterface } from "typeorm";
import type { BeforeQueryEvent } from "typeorm/subscriber/event/QueryEvent.js";
import { DataErrors } from "../errors.js";
import { JURISDICTION_COLUMN, tenantTableIn } from "./registry.js";
import { currentQueryScope } from "./scope.js";

// Statements TypeORM issues for transactions and schema inspection carry no rows.
const PASS_THROUGH = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|START TRANSACTION|PRAGMA|SHOW|SET )/i;


export class TenantGuard implements EntitySubscriberInterface {
  beforeQuery(event: BeforeQueryEvent): void {
    const sql = event.query;
    if (PASS_THROUGH.test(sql)) return;
    const table = tenantTableIn(sql);
    if (!table) return;
    const scope = currentQueryScope();
    if (scope?.kind === "system") return;
    if (scope?.kind === "tenant" && sql.includes(JURISDICTION_COLUMN)) return;
    throw DataErrors.TENANT_SCOPE_REQUIRED({ table });
  }
}

// Registered by calling the decorator directly: esbuild does not compile decorator syntax here.
EventSubscriber()(TenantGuard);

/**
 * Reading the device platform's registry (core/devices owns `anju_device`): is a code a
 * registered device of a community node? Read with SQL in the node's tenant scope, as other
 * plugins do, so this plugin needs no devices permission of its caller and works on a node
 * without the device platform (there every code is "not registered").
 */
import type { DataSource, QueryRunner } from "typeorm";
import { withTenantScope } from "@anju/data";
import { CommunityErrors } from "../errors.js";

const DEVICE_TABLE = "anju_device";

function missingTable(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code ?? "";
  return code === "ER_NO_SUCH_TABLE" || /no such table/i.test(e.message ?? "");
}

/** The codes among `codes` registered at `node` (the community's jurisdiction node). */
export async function registeredAt(db: DataSource | QueryRunner, node: string, codes: string[]): Promise<Set<string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Set();
  try {
    const rows = (await withTenantScope(node, () => db.query(
      `SELECT code FROM ${DEVICE_TABLE} WHERE jurisdiction_code = ? AND code IN (${unique.map(() => "?").join(", ")})`, [node, ...unique],
    ))) as Array<{ code: string }>;
    return new Set(rows.map((r) => String(r.code)));
  } catch (err) {
    if (missingTable(err)) return new Set();
    throw err;
  }
}

/** Refuse a code that is not a registered device of the community node (COMMUNITY_DEVICE_NOT_REGISTERED). */
export async function requireRegistered(ds: DataSource, node: string, code: string): Promise<void> {
  if (!(await registeredAt(ds, node, [code])).has(code)) throw CommunityErrors.COMMUNITY_DEVICE_NOT_REGISTERED({ code });
}

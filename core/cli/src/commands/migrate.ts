/**
 * `anju migrate`: apply the host's pending migrations and report them, then report, for each
 * installed plugin, migrations its code has that this database has not run. Those are not
 * applied here: a plugin's migrations run with its lifecycle (install, upgrade) so that its
 * hook and its recorded version move together — the report says which command to run.
 */
import type { AnjuHost } from "@anju/kernel";
import type { Command } from "../command.js";
import { table } from "../output.js";

export interface PluginMigrationStatus {
  id: string;
  installedVersion: string | null;
  availableVersion: string | null;
  /** Migrations in the loaded code that this database has not recorded. */
  pending: string[];
  /** What to run, when something is pending or a newer version is available. */
  action: string | null;
}

/** major.minor.patch comparison; enough to say whether the discovered copy is an upgrade. */
function isNewer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split(/[-+]/)[0].split(".").map(Number));
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

async function hostMigrations(url: string): Promise<string[]> {
  const { createDataSource, HOST_MIGRATIONS, runMigrations } = await import("@anju/data");
  const ds = await createDataSource({ url, entities: [] });
  try {
    return (await runMigrations(ds, "@host", HOST_MIGRATIONS)).applied;
  } finally {
    await ds.destroy();
  }
}

async function pluginStatus(host: AnjuHost): Promise<PluginMigrationStatus[]> {
  const { appliedMigrations } = await import("@anju/data");
  const loaded = new Map(host.plugins.loadedPlugins().map((l) => [l.pkg.manifest.id, l]));
  const out: PluginMigrationStatus[] = [];
  for (const p of await host.plugins.list()) {
    if (p.state === "available") continue;
    const done = new Set(await appliedMigrations(host.ds, p.id));
    const pending = (loaded.get(p.id)?.def.migrations ?? []).map((m) => m.name).filter((n) => !done.has(n)).sort();
    const newer = !!p.availableVersion && !!p.installedVersion && isNewer(p.availableVersion, p.installedVersion);
    out.push({
      id: p.id,
      installedVersion: p.installedVersion,
      availableVersion: p.availableVersion,
      pending,
      action: newer ? `anju plugin upgrade ${p.id}` : pending.length ? `anju plugin upgrade ${p.id} --from <新版本目录 newer package>` : null,
    });
  }
  return out;
}

export const migrateCommand: Command = {
  words: ["migrate"],
  usage: "anju migrate",
  summary: "执行宿主的数据库迁移，并列出已安装插件尚未执行的迁移。\nRun the host's pending database migrations and list installed plugins' pending ones.",
  async run({ globals, out }) {
    const { databaseUrl, describeDatabase, loadCliConfig, withHost } = await import("../context.js");
    const config = loadCliConfig(globals);
    const applied = await hostMigrations(databaseUrl(config));
    const plugins = await withHost(globals, pluginStatus, { loadPlugins: true });
    out.result({ database: describeDatabase(config), host: { applied }, plugins }, () => {
      const lines = [
        `数据库 Database: ${describeDatabase(config)}`,
        applied.length ? `宿主迁移已执行 Host migrations applied: ${applied.join(", ")}` : "宿主迁移已是最新 Host migrations are up to date",
      ];
      if (plugins.length) {
        lines.push("", table(["插件 Plugin", "已安装 Installed", "可用 Available", "待执行迁移 Pending", "操作 Action"],
          plugins.map((p) => [p.id, p.installedVersion ?? "—", p.availableVersion ?? "—", p.pending.join(", ") || "—", p.action ?? "—"])));
      }
      return lines.join("\n");
    });
  },
};

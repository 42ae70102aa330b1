/**
 * `anju plugin list|install|enable|disable|config|upgrade|uninstall`: the plugin lifecycle on
 * the node's database. A running node picks each change up within plugins.pollIntervalMs.
 */
import fs from "node:fs";
import type { PluginInfo } from "@anju/kernel";
import { listOption, requireOption, stringOption, type Command, type CommandInput } from "../command.js";
import { CliErrors } from "../errors.js";
import { pretty, table } from "../output.js";

// The kernel and database drivers load only once a command really runs (`await import`), so
// help and usage errors answer quickly.
const cliContext = () => import("../context.js");
const packages = () => import("../package-source.js");

const jurisdictionOption = { type: "string", short: "j", value: "<code>", help: "行政区划代码 / jurisdiction code" } as const;

/** PluginInfo without `loaded`, which would describe the CLI's own process (it loads no plugin services). */
export interface PluginListEntry extends Omit<PluginInfo, "loaded"> {
  enabledAt: string[];
  disabledAt: string[];
}

function withEnablement({ loaded: _ownProcess, ...p }: PluginInfo): PluginListEntry {
  return {
    ...p,
    enabledAt: p.jurisdictions.filter((j) => j.enabled).map((j) => j.jurisdiction),
    disabledAt: p.jurisdictions.filter((j) => !j.enabled).map((j) => j.jurisdiction),
  };
}

const STATE_NAMES: Record<PluginInfo["state"], string> = { available: "可安装 available", installed: "已安装 installed", failed: "失败 failed" };

/** 已验证 acme / 内置 / 未签名（开发模式） — the same words as the console's signature column. */
export function signatureText(sig: PluginInfo["signature"]): string {
  if (!sig) return "—";
  if (sig.status === "verified") return `已验证 verified ${sig.vendor}`;
  if (sig.status === "builtin") return "内置 built-in";
  return "未签名（开发模式）unsigned (dev override)";
}

const listCommand: Command = {
  words: ["plugin", "list"],
  usage: "anju plugin list",
  summary: "列出已发现和已安装的插件、版本及启用的行政区划。\nList discovered and installed plugins, their versions and where they are enabled.",
  async run({ globals, out }) {
    const { withHost } = await cliContext();
    const { list, problems } = await withHost(globals, async (host) => ({ list: (await host.plugins.list()).map(withEnablement), problems: host.plugins.discoveryProblems() }));
    out.result(list, () => {
      const rows = list.map((p) => [
        p.id, p.displayName["zh-CN"], p.kind, STATE_NAMES[p.state], p.installedVersion ?? "—", p.availableVersion ?? "—",
        [...p.enabledAt, ...p.disabledAt.map((c) => `-${c}`)].join(", ") || "—", signatureText(p.signature),
      ]);
      const lines = [list.length ? table(["ID", "名称 Name", "类型 Kind", "状态 State", "已安装 Installed", "可用 Available", "启用于 Enabled at", "签名 Signature"], rows) : "（未发现插件 / no plugins found）"];
      for (const p of list.filter((x) => x.error)) lines.push(`  ${p.id}: ${p.error}`);
      for (const p of problems) lines.push(`无效的插件包 Invalid package ${p.dir}: [${p.code}] ${p.message}`);
      return lines.join("\n");
    });
  },
};

const installCommand: Command = {
  words: ["plugin", "install"],
  usage: "anju plugin install <id|dir|tarball>",
  summary: "安装插件：已发现插件的 ID、插件目录，或 .tgz/.tar.gz 插件包（同时安装其依赖的插件）。目录和插件包须由可信厂商签名。\nInstall a plugin: a discovered plugin's id, a package folder or a .tgz/.tar.gz package (plugins it requires are installed first). Folders and packages must be signed by a trusted vendor.",
  args: { required: ["id|dir|tarball"] },
  details: "示例 Example:\n  anju plugin install community\n  anju plugin install ./vendor/acme-camera\n  anju plugin install acme-camera-1.0.0.tgz\n未签名、密钥不可信或文件被改动的插件包会被拒绝；仅开发时可设 ANJU_ALLOW_UNSIGNED_PLUGINS=1（每次安装都记入审计）。\nUnsigned, untrusted or modified packages are refused; for development only, ANJU_ALLOW_UNSIGNED_PLUGINS=1 lets them in (each such install is audited).",
  async run({ args: [raw], globals, out }) {
    const { classifySource, withPackageDir } = await packages();
    const { withHost } = await cliContext();
    const source = classifySource(raw, { allowId: true });
    const result = await withHost(globals, async (host) => {
      const done = source.kind === "id"
        ? { id: source.id, ...(await host.plugins.install(source.id)) }
        : await withPackageDir(source, (dir) => host.plugins.installFromDir(dir));
      return { ...done, signature: (await host.plugins.list()).find((p) => p.id === done.id)?.signature ?? null };
    });
    out.result({ ...result, source: raw }, () =>
      `已安装 Installed: ${result.installed.join(", ") || result.id}\n签名 Signature: ${signatureText(result.signature)}`);
  },
};

function lifecycle(verb: "enable" | "disable"): Command {
  const zh = verb === "enable" ? "启用" : "停用";
  return {
    words: ["plugin", verb],
    usage: `anju plugin ${verb} <id> --jurisdiction <code>`,
    summary: verb === "enable"
      ? "在行政区划（及其下级）启用插件，并启用它依赖的插件。\nEnable a plugin for a jurisdiction and its subtree, with the plugins it requires."
      : "在行政区划（及其下级）停用插件；仍有依赖它的插件启用时拒绝。\nDisable a plugin for a jurisdiction and its subtree; refused while a plugin that requires it is enabled there.",
    args: { required: ["id"] },
    options: { jurisdiction: jurisdictionOption },
    async run({ args: [id], options, globals, out }) {
      const jurisdiction = requireOption(this, options, "jurisdiction");
      const { withHost } = await cliContext();
      const result = await withHost<{ enabled: string[] } | { disabled: string[] }>(globals, (host) =>
        (verb === "enable" ? host.plugins.enable(id, jurisdiction) : host.plugins.disable(id, jurisdiction)));
      const changed = "enabled" in result ? result.enabled : result.disabled;
      out.result({ id, jurisdiction, ...result }, () => (changed.length ? `已${zh} ${changed.join(", ")} @ ${jurisdiction}` : `无变化：${id} 在 ${jurisdiction} 已${zh} / nothing to do`));
    },
  };
}

function readSettingsFile(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw CliErrors.SETTINGS_FILE_INVALID({ file, reason: (err as Error).message });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw CliErrors.SETTINGS_FILE_INVALID({ file, reason: "须为 JSON 对象 / must be a JSON object" });
  return value as Record<string, unknown>;
}

async function settingsPatch(cmd: Command, options: CommandInput["options"]): Promise<Record<string, unknown> | null> {
  const sets = listOption(options, "set");
  const file = stringOption(options, "file");
  if (sets.length && file) throw CliErrors.BAD_OPTION({ option: "--set/--file", reason: "只能二选一 / use one of them" });
  for (const s of sets) if (s.indexOf("=") <= 0) throw CliErrors.BAD_OPTION({ option: "--set", reason: `"${s}" 不是 key=value / is not key=value (${cmd.usage})` });
  if (sets.length) return (await import("@anju/kernel")).parseAssignments(sets);
  if (file) return readSettingsFile(file);
  if (options.replace) throw CliErrors.BAD_OPTION({ option: "--replace", reason: "需要 --set 或 --file / needs --set or --file" });
  return null;
}

const configCommand: Command = {
  words: ["plugin", "config"],
  usage: "anju plugin config <id> --jurisdiction <code> [--set key=value … | --file settings.json] [--replace]",
  summary: "查看或修改插件在某行政区划的设置（按插件的设置 JSON Schema 校验，未通过则不保存）。\nShow or change a plugin's settings for a jurisdiction (checked against the plugin's settings schema; nothing is saved if it fails).",
  args: { required: ["id"] },
  options: {
    jurisdiction: jurisdictionOption,
    set: { type: "string", multiple: true, value: "<key=value>", help: "设置一项（可重复；值按 JSON 解析，a.b=1 设置嵌套项）/ set one key (repeatable; JSON values, a.b=1 for nested keys)" },
    file: { type: "string", value: "<file.json>", help: "从 JSON 文件读取设置 / read settings from a JSON file" },
    replace: { type: "boolean", help: "替换本级设置而非合并 / replace this level's settings instead of merging" },
  },
  details: "示例 Example:\n  anju plugin config hello --jurisdiction 340100 --set greeting=您好 --set limits.max=5\n  anju plugin config hello --jurisdiction 340100",
  async run({ args: [id], options, globals, out }) {
    const jurisdiction = requireOption(this, options, "jurisdiction");
    const patch = await settingsPatch(this, options);
    const { withHost } = await cliContext();
    const result = await withHost(globals, async (host) => {
      if (patch) await host.plugins.configure(id, jurisdiction, patch, { replace: !!options.replace });
      return host.plugins.settings(id, jurisdiction);
    });
    out.result({ id, jurisdiction, changed: !!patch, ...result }, () => [
      `${patch ? "已保存 Saved — " : ""}插件 ${id} 在 ${jurisdiction} 的设置 / settings`,
      "生效值 Effective:", pretty(result.effective),
      "来源 Layers（自上而下 root first）:",
      ...(result.layers.length ? result.layers.map((l) => `  ${l.jurisdiction}${l.jurisdiction === jurisdiction ? "（本级 own）" : ""}: ${JSON.stringify(l.value)}`) : ["  （仅默认值 / defaults only）"]),
    ].join("\n"));
  },
};

const upgradeCommand: Command = {
  words: ["plugin", "upgrade"],
  usage: "anju plugin upgrade <id> [--from <dir|tarball>]",
  summary: "升级插件到更高版本（已发现的版本，或 --from 指定的目录/插件包），执行其新迁移。\nUpgrade a plugin to a newer version (the discovered one, or --from a folder/package) and run its new migrations.",
  args: { required: ["id"] },
  options: { from: { type: "string", value: "<dir|tarball>", help: "新版本所在目录或 .tgz / folder or .tgz of the new version" } },
  async run({ args: [id], options, globals, out }) {
    const from = stringOption(options, "from");
    const { classifySource, withPackageDir } = await packages();
    const { withHost } = await cliContext();
    const source = from ? classifySource(from, { allowId: false }) : null;
    const result = await withHost(globals, (host) => (source && source.kind !== "id"
      ? withPackageDir(source, (dir) => host.plugins.upgrade(id, dir))
      : host.plugins.upgrade(id)));
    out.result({ id, ...result }, () => `已升级 Upgraded ${id}: ${result.from} → ${result.to}${result.migrations.length ? `（迁移 migrations: ${result.migrations.join(", ")}）` : ""}`);
  },
};

const uninstallCommand: Command = {
  words: ["plugin", "uninstall"],
  usage: "anju plugin uninstall <id> [--purge]",
  summary: "卸载插件；有其他已安装插件依赖它时拒绝。数据表默认保留，--purge 回滚其迁移（删除数据）。\nUninstall a plugin; refused while installed plugins require it. Its tables stay unless --purge reverts its migrations (deletes the data).",
  args: { required: ["id"] },
  options: { purge: { type: "boolean", help: "同时删除插件的数据表 / also drop the plugin's tables" } },
  async run({ args: [id], options, globals, out }) {
    const { withHost } = await cliContext();
    const result = await withHost(globals, (host) => host.plugins.uninstall(id, { purge: !!options.purge }));
    out.result({ id, ...result }, () => `已卸载 Uninstalled ${id}${result.purged.length ? `；已回滚迁移 reverted: ${result.purged.join(", ")}` : ""}`);
  },
};

export const pluginCommands: Command[] = [listCommand, installCommand, lifecycle("enable"), lifecycle("disable"), configCommand, upgradeCommand, uninstallCommand];

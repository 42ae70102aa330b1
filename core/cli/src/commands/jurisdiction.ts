/** `anju jurisdiction add|list`: the jurisdiction tree (province → … → community). */
import type { Jurisdiction, Level } from "@anju/kernel";
import { stringOption, type Command } from "../command.js";
import { CliErrors } from "../errors.js";

/** The kernel's LEVELS, root first (repeated here so help and usage errors need no kernel load; a test checks they match). */
export const LEVEL_ORDER: readonly Level[] = ["province", "city", "county", "street", "community"];
const LEVELS = LEVEL_ORDER;

const LEVEL_NAMES: Record<Level, string> = { province: "省", city: "市", county: "区县", street: "街道/乡镇", community: "社区" };

function levelOption(raw: string | undefined): Level | undefined {
  if (raw === undefined) return undefined;
  if (!(LEVELS as readonly string[]).includes(raw)) throw CliErrors.BAD_OPTION({ option: "--level", reason: `须为 ${LEVELS.join(" | ")} / must be one of ${LEVELS.join(", ")}` });
  return raw as Level;
}

const addCommand: Command = {
  words: ["jurisdiction", "add"],
  usage: "anju jurisdiction add <code> <name> [--parent <code>] [--level <level>]",
  summary: "新增行政区划节点（code 使用国家行政区划代码）。\nAdd a jurisdiction (use the national administrative division code).",
  args: { required: ["code", "name"] },
  options: {
    parent: { type: "string", value: "<code>", help: "上级行政区划 / parent jurisdiction" },
    level: { type: "string", value: "<level>", help: `${LEVELS.join(" | ")}；有上级时默认为下一级 / defaults to the level below the parent` },
  },
  details: "示例 Example:\n  anju jurisdiction add 340000 安徽省 --level province\n  anju jurisdiction add 340100 合肥市 --parent 340000",
  async run({ args: [code, name], options, globals, out }) {
    const parentCode = stringOption(options, "parent");
    let level = levelOption(stringOption(options, "level"));
    if (!level && !parentCode) throw CliErrors.MISSING_ARGUMENT({ argument: "--level（没有 --parent 时必填 / required without --parent）", usage: addCommand.usage });
    const { withHost } = await import("../context.js");
    const created = await withHost(globals, async (host) => {
      if (!level) {
        const parent = await host.jurisdictions.get(parentCode!);
        level = LEVELS[Math.min(LEVELS.indexOf(parent.level) + 1, LEVELS.length - 1)];
      }
      return host.jurisdictions.add({ code, name, level, parentCode: parentCode ?? null });
    });
    out.result(created, () => `已新增 Added: ${created.code} ${created.name}（${LEVEL_NAMES[created.level]} ${created.level}）${created.parentCode ? ` ← ${created.parentCode}` : ""}`);
  },
};

/** Indented tree lines, depth relative to the shallowest node listed. */
export function treeLines(list: Jurisdiction[]): string[] {
  const depth = (j: Jurisdiction) => j.path.split("/").filter(Boolean).length;
  const top = Math.min(...list.map(depth));
  return list.map((j) => `${"  ".repeat(depth(j) - top)}${j.code}  ${j.name}  (${LEVEL_NAMES[j.level]} ${j.level})`);
}

const listCommand: Command = {
  words: ["jurisdiction", "list"],
  usage: "anju jurisdiction list [--under <code>]",
  summary: "列出行政区划树（或某节点及其下级）。\nList the jurisdiction tree (or one node and everything below it).",
  options: { under: { type: "string", value: "<code>", help: "只列出此节点及其下级 / only this node and its subtree" } },
  async run({ options, globals, out }) {
    const under = stringOption(options, "under");
    const { withHost } = await import("../context.js");
    const list = await withHost(globals, (host) => host.jurisdictions.list(under ?? null));
    out.result(list, () => (list.length ? treeLines(list).join("\n") : "（暂无行政区划 / no jurisdictions yet）— anju jurisdiction add <code> <name> --level province"));
  },
};

export const jurisdictionCommands: Command[] = [addCommand, listCommand];

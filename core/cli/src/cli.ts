/**
 * The dispatcher: find the command from its words, parse the rest of the command line against
 * its options, run it, and turn whatever it throws into a printed, coded error and an exit
 * code (0 ok, 1 failed, 2 usage).
 */
import type { Locale } from "@anju/errors";
import { commandHelp, parseCommandLine, type Command, type GlobalOptions } from "./command.js";
import { jurisdictionCommands } from "./commands/jurisdiction.js";
import { migrateCommand } from "./commands/migrate.js";
import { pluginCommands } from "./commands/plugin.js";
import { packageCommands } from "./commands/package.js";
import { trustCommands } from "./commands/trust.js";
import { startCommand } from "./commands/start.js";
import { auditCommands } from "./commands/audit.js";
import { userCommands } from "./commands/user.js";
import { CliErrors, EXIT } from "./errors.js";
import { Output, type Streams } from "./output.js";

export const COMMANDS: Command[] = [startCommand, migrateCommand, ...jurisdictionCommands, ...pluginCommands, ...packageCommands, ...trustCommands, ...userCommands, ...auditCommands];

const GLOBAL_VALUE_OPTIONS = new Set(["--config"]);

/** The command words (at most two) and every other token, in order. */
function splitWords(argv: string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    const wanted = words.length === 0 || (words.length === 1 && isGroup(words[0]));
    if (tok === "--") { rest.push(...argv.slice(i)); break; }
    if (GLOBAL_VALUE_OPTIONS.has(tok)) { rest.push(tok, ...argv.slice(i + 1, i + 2)); i++; continue; }
    if (wanted && !tok.startsWith("-")) words.push(tok);
    else rest.push(tok);
  }
  return { words, rest };
}

function groupOf(word: string): Command[] {
  return COMMANDS.filter((c) => c.words[0] === word);
}

function isGroup(word: string): boolean {
  return groupOf(word).some((c) => c.words.length > 1);
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}

export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(" ").length));
  return [
    "安居 Anju — 智慧平安小区插件宿主命令行 / command line of the Anju plugin host",
    "",
    "用法 Usage: anju <命令 command> [选项 options] [--json]",
    "",
    "命令 Commands:",
    ...COMMANDS.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${firstLine(c.summary)}`),
    "",
    "全局选项 Global options: --json（输出 JSON / JSON output）, --config <file>, -h/--help",
    "退出码 Exit codes: 0 成功 ok · 1 执行失败 failed · 2 用法错误 usage error",
    "运行 anju <命令> --help 查看详情 / run anju <command> --help for details",
  ].join("\n");
}

function groupHelp(group: string): string {
  const cmds = groupOf(group);
  return [`anju ${group} — 子命令 subcommands:`, ...cmds.flatMap((c) => [`  ${c.usage}`, ...c.summary.split("\n").map((l) => `      ${l}`)])].join("\n");
}

function localeOf(env: NodeJS.ProcessEnv): Locale {
  return env.ANJU_LOCALE === "en" ? "en" : "zh-CN";
}

function resolve(words: string[], wantsHelp: boolean): Command | string {
  if (words.length === 0) {
    if (wantsHelp) return topHelp();
    throw CliErrors.MISSING_ARGUMENT({ argument: "<命令 command>", usage: "anju <command> … (anju --help)" });
  }
  const [first, second] = words;
  const group = groupOf(first);
  if (!group.length) throw CliErrors.UNKNOWN_COMMAND({ command: first });
  if (!isGroup(first)) return group[0];
  if (second === undefined) {
    if (wantsHelp) return groupHelp(first);
    throw CliErrors.MISSING_ARGUMENT({ argument: "<子命令 subcommand>", usage: `anju ${first} <${group.map((c) => c.words[1]).join("|")}>` });
  }
  const cmd = group.find((c) => c.words[1] === second);
  if (!cmd) throw CliErrors.UNKNOWN_COMMAND({ command: `${first} ${second}` });
  return cmd;
}

/** Run the CLI; resolves with the exit code. `start` resolves only once the node has stopped. */
export async function runCli(argv: string[], streams?: Streams): Promise<number> {
  const json = argv.includes("--json");
  const out = new Output(json, localeOf(process.env), streams);
  try {
    // `anju help plugin enable` is `anju plugin enable --help`.
    const { words, rest } = splitWords(argv[0] === "help" ? [...argv.slice(1), "--help"] : argv);
    const wantsHelp = rest.includes("--help") || rest.includes("-h");
    const found = resolve(words, wantsHelp);
    if (typeof found === "string") {
      (streams?.out ?? process.stdout).write(`${found}\n`);
      return EXIT.ok;
    }
    const { args, options } = parseCommandLine(found, rest);
    if (options.help) {
      (streams?.out ?? process.stdout).write(`${commandHelp(found)}\n`);
      return EXIT.ok;
    }
    const globals: GlobalOptions = { json, config: typeof options.config === "string" ? options.config : undefined };
    const code = await found.run({ args, options, globals, out });
    return code ?? EXIT.ok;
  } catch (err) {
    return await out.error(err);
  }
}

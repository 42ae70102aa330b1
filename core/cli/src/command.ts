/**
 * What a command is: its words (`plugin enable`), usage line, bilingual summary, options (in
 * node:util parseArgs form, plus help text) and positional arguments. The dispatcher parses the
 * command line against this, so every command refuses unknown options and missing arguments
 * the same way, with the same codes.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliErrors } from "./errors.js";
import type { Output } from "./output.js";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** Placeholder in help, e.g. `<code>`. */
  value?: string;
  help: string;
}

export interface GlobalOptions {
  json: boolean;
  /** A JSON config file (same as ANJU_CONFIG). */
  config?: string;
}

export interface CommandInput {
  args: string[];
  options: Record<string, string | boolean | string[] | undefined>;
  globals: GlobalOptions;
  out: Output;
}

export interface Command {
  /** Words after `anju`, e.g. ["plugin", "enable"]. */
  words: string[];
  /** e.g. `anju plugin enable <id> --jurisdiction <code>`. */
  usage: string;
  summary: string;
  /** Positional argument names, required first; `...name` takes the rest. */
  args?: { required?: string[]; optional?: string[] };
  options?: Record<string, OptionSpec>;
  /** Extra help text (examples). */
  details?: string;
  /** Returns the exit code (0 when it returns nothing). */
  run(input: CommandInput): Promise<number | void>;
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: "boolean", help: "以 JSON 输出（单个 JSON 文档）/ print one JSON document" },
  config: { type: "string", value: "<file>", help: "配置文件（同 ANJU_CONFIG）/ config file (same as ANJU_CONFIG)" },
  help: { type: "boolean", short: "h", help: "显示帮助 / show help" },
};

type ParseOptions = NonNullable<ParseArgsConfig["options"]>;

function parseOptionsOf(specs: Record<string, OptionSpec>): ParseOptions {
  const out: ParseOptions = {};
  for (const [name, s] of Object.entries(specs)) {
    out[name] = { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) };
  }
  return out;
}

/** Parse the tokens after the command words; usage errors are coded. */
export function parseCommandLine(cmd: Command, tokens: string[]): { args: string[]; options: CommandInput["options"] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: tokens, options: parseOptionsOf({ ...GLOBAL_OPTIONS, ...(cmd.options ?? {}) }), allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'([^']+)'/.exec(e.message)?.[1] ?? e.message;
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw CliErrors.UNKNOWN_OPTION({ option, usage: cmd.usage });
    if (!e.code?.startsWith("ERR_PARSE_ARGS_")) throw err;
    throw CliErrors.BAD_OPTION({ option, reason: e.message.split("\n")[0] });
  }
  const options = parsed.values as CommandInput["options"];
  if (options.help) return { args: parsed.positionals, options };
  const required = cmd.args?.required ?? [];
  const optional = cmd.args?.optional ?? [];
  if (parsed.positionals.length < required.length) {
    throw CliErrors.MISSING_ARGUMENT({ argument: `<${required[parsed.positionals.length]}>`, usage: cmd.usage });
  }
  const rest = optional.some((o) => o.startsWith("..."));
  if (!rest && parsed.positionals.length > required.length + optional.length) {
    throw CliErrors.TOO_MANY_ARGUMENTS({ extra: parsed.positionals[required.length + optional.length], usage: cmd.usage });
  }
  return { args: parsed.positionals, options };
}

/** A required `--name <value>` option, or MISSING_ARGUMENT naming it. */
export function requireOption(cmd: Pick<Command, "usage">, options: CommandInput["options"], name: string): string {
  const v = options[name];
  if (typeof v !== "string" || v.trim() === "") throw CliErrors.MISSING_ARGUMENT({ argument: `--${name}`, usage: cmd.usage });
  return v.trim();
}

export function stringOption(options: CommandInput["options"], name: string): string | undefined {
  const v = options[name];
  return typeof v === "string" ? v : undefined;
}

export function listOption(options: CommandInput["options"], name: string): string[] {
  const v = options[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

/** Help text of one command. */
export function commandHelp(cmd: Command): string {
  const specs = { ...(cmd.options ?? {}), ...GLOBAL_OPTIONS };
  const rows = Object.entries(specs).map(([name, s]) => {
    const flag = `${s.short ? `-${s.short}, ` : "    "}--${name}${s.value ? ` ${s.value}` : ""}${s.multiple ? " …" : ""}`;
    return [flag, s.help];
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  const lines = [`用法 Usage: ${cmd.usage}`, "", cmd.summary, "", "选项 Options:", ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`)];
  if (cmd.details) lines.push("", cmd.details);
  return lines.join("\n");
}

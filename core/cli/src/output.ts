/**
 * Everything the CLI prints goes through here: with `--json` a command prints exactly one JSON
 * document on stdout (errors too, as `{"error":{code,message,data}}`), so scripts can parse it;
 * without it, people get text and tables, zh-CN first with English. Diagnostics go to stderr.
 * Kept light (no kernel or gateway import) so help and usage errors answer quickly.
 */
import type { Writable } from "node:stream";
import { AnjuError, type Locale } from "@anju/errors";
import { CliErrors, exitCodeOf } from "./errors.js";

export interface Streams { out: Writable; err: Writable }

export class Output {
  constructor(
    readonly json: boolean,
    readonly locale: Locale = "zh-CN",
    private readonly streams: Streams = { out: process.stdout, err: process.stderr },
  ) {}

  /** A command's result: the data as JSON with `--json`, otherwise the human text. */
  result(data: unknown, human: () => string): void {
    if (this.json) this.streams.out.write(`${JSON.stringify(data)}\n`);
    else this.streams.out.write(`${human().replace(/\n$/, "")}\n`);
  }

  /** Human-only text on stdout (banners); nothing with `--json`. */
  say(text: string): void {
    if (!this.json) this.streams.out.write(`${text.replace(/\n$/, "")}\n`);
  }

  /** A warning for people; stderr, so `--json` output stays parseable. */
  warn(text: string): void {
    this.streams.err.write(`警告 / warning: ${text}\n`);
  }

  /** Print an error the way the caller asked for and return the exit code. */
  async error(thrown: unknown): Promise<number> {
    const err = thrown instanceof AnjuError ? thrown : await asAnjuError(thrown);
    if (this.json) {
      const message = err.messages[this.locale] ?? err.message;
      this.streams.out.write(`${JSON.stringify({ error: { code: err.anjuCode, message, data: err.publicData() } })}\n`);
    } else {
      this.streams.err.write(`错误 [${err.anjuCode}]: ${err.messages["zh-CN"]}\nError [${err.anjuCode}]: ${err.messages.en}\n`);
    }
    if (err.anjuCode === "UNEXPECTED" && process.env.ANJU_DEBUG) this.streams.err.write(`${(thrown as Error)?.stack ?? String(thrown)}\n`);
    return exitCodeOf(err);
  }
}

/** Anything thrown, as an AnjuError; an unexpected failure becomes INTERNAL with its message. */
export async function asAnjuError(thrown: unknown): Promise<AnjuError> {
  if (thrown instanceof AnjuError) return thrown;
  // Moleculer errors (and AnjuErrors that crossed a transporter) map the way the gateway maps them.
  const { toAnjuError } = await import("@anju/gateway");
  const known = toAnjuError(thrown);
  if (known) return known;
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  // The CLI runs on the operator's own machine: the underlying message helps more than a ref id.
  return CliErrors.UNEXPECTED({ reason: reason.slice(0, 500) });
}

/** Terminal columns a string takes: CJK and full-width characters are two wide. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
      || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}

/** A plain text table; the header row is bilingual where the caller wrote it so. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c ?? "", widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Pretty JSON for settings and other nested values in human output. */
export function pretty(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, 2).split("\n").map((l) => " ".repeat(indent) + l).join("\n");
}

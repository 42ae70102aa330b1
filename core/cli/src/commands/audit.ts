/**
 * `anju audit verify|purge`: the audit trail from the command line. `verify` walks the hash
 * chain and names every modified, re-linked or missing row (exit 1 when the chain is broken);
 * `purge` deletes records older than a date, refused inside the retention period (≥ 180 days,
 * Cybersecurity Law art. 21), and the purge is itself recorded.
 */
import { stringOption, type Command } from "../command.js";
import { CliErrors } from "../errors.js";

function anchorOption(raw: string | undefined, option = "--anchor"): { seq: number; hash: string } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1) throw CliErrors.BAD_OPTION({ option, reason: "格式为 <序号>:<64 位十六进制哈希>（来自上次校验的链头）/ expected <seq>:<64 hex hash> (the head from an earlier run)" });
  return { seq: Number(m[1]), hash: m[2] };
}

function dateOption(raw: string | undefined): Date {
  if (raw === undefined || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(raw.trim())) {
    throw CliErrors.BAD_OPTION({ option: "--before", reason: "须为日期，如 2026-01-01 或 2026-01-01T00:00:00+08:00 / must be a date such as 2026-01-01" });
  }
  const d = new Date(raw.trim().length === 10 ? `${raw.trim()}T00:00:00+08:00` : raw.trim());
  if (Number.isNaN(d.getTime())) throw CliErrors.BAD_OPTION({ option: "--before", reason: "不是有效日期 / not a valid date" });
  return d;
}

const verifyCommand: Command = {
  words: ["audit", "verify"],
  usage: "anju audit verify [--anchor <seq>:<hash>] [--since <seq>:<hash>]",
  summary: "校验审计日志哈希链，指出被修改或删除的记录（链断开时退出码 1）。\nVerify the audit trail's hash chain and name modified or deleted rows (exit 1 when broken).",
  options: {
    anchor: { type: "string", value: "<seq>:<hash>", help: "上次记下的链头，用于发现末尾被删除 / a head noted earlier, to detect a removed tail" },
    since: { type: "string", value: "<seq>:<hash>", help: "增量校验：复核上次记下的链头，只校验其后的记录 / incremental: re-check a head noted earlier and verify only the rows after it" },
  },
  async run({ options, globals, out }) {
    const anchor = anchorOption(stringOption(options, "anchor"));
    const since = anchorOption(stringOption(options, "since"), "--since");
    const { withHost } = await import("../context.js");
    const { verifyAudit, formatVerifyReport } = await import("@anju/audit");
    const report = await withHost(globals, (host) => verifyAudit(host, { ...(anchor ? { anchor } : {}), ...(since ? { since } : {}) }));
    out.result(report, () => formatVerifyReport(report, out.locale));
    return report.ok ? 0 : 1;
  },
};

const purgeCommand: Command = {
  words: ["audit", "purge"],
  usage: "anju audit purge --before <date>",
  summary: "删除早于某日期的审计记录（保留期内拒绝，删除本身也被记录）。\nDelete audit records older than a date (refused within the retention period; the purge is recorded).",
  options: { before: { type: "string", value: "<date>", help: "删除此时刻之前的记录，如 2026-01-01（北京时间）/ delete records before this moment" } },
  async run({ options, globals, out }) {
    const before = dateOption(stringOption(options, "before"));
    const { withHost } = await import("../context.js");
    const { purgeAudit } = await import("@anju/audit");
    const report = await withHost(globals, (host) => purgeAudit(host, before));
    out.result(report, () => `已删除 Deleted: ${report.deleted} 条 rows before ${report.before}（保留自序号 first kept seq ${report.boundarySeq}；本次删除记为 recorded as #${report.seq}）`);
  },
};

export const auditCommands: Command[] = [verifyCommand, purgeCommand];

/**
 * What `anju audit verify` / `anju audit purge` call (the CLI opens the node's database through
 * a management host; the key comes from ANJU_AUDIT_KEY / ANJU_AUDIT_KEY_FILE or the data
 * folder, exactly as on the node). Exit code: 0 when the chain holds, 1 when it does not.
 */
import type { Locale } from "@anju/errors";
import type { AnjuHost } from "@anju/kernel";
import type { PurgeReport } from "./log.js";
import { auditLogOf } from "./registry.js";
import type { VerifyOptions, VerifyReport } from "./verify.js";
import { recordVerify, type RecordedVerifyReport } from "./log.js";

/** Verify and record the run (as the system principal). */
export async function verifyAudit(host: AnjuHost, options: VerifyOptions = {}): Promise<RecordedVerifyReport> {
  return recordVerify(auditLogOf(host), options, { userId: "system", jurisdiction: null, ip: null }, "cli");
}

export function formatVerifyReport(report: VerifyReport & { recordError?: { code: string; message: string } }, locale: Locale = "zh-CN"): string {
  const zh = locale === "zh-CN";
  const lines: string[] = [];
  const head = report.head ? `${report.head.seq}:${report.head.hash}` : "-";
  lines.push(zh
    ? `审计链${report.ok ? "完整" : "已被破坏"}：检查 ${report.checked} 条（序号 ${report.firstSeq ?? "-"}–${report.lastSeq ?? "-"}），链头 ${head}`
    : `Audit chain ${report.ok ? "intact" : "BROKEN"}: ${report.checked} rows checked (seq ${report.firstSeq ?? "-"}–${report.lastSeq ?? "-"}), head ${head}`);
  if (report.since) lines.push(zh ? `  增量校验：自第 ${report.since.seq} 条（已复核其哈希）之后的记录` : `  Incremental: rows after ${report.since.seq} (that row re-checked)`);
  else if (report.sinceFallback === "purged") lines.push(zh ? "  起点记录已被清除，已改为完整校验" : "  The --since row has been purged: the whole chain was verified instead");
  for (const p of report.problems) lines.push(`  #${p.seq}${p.to !== undefined && p.to !== p.seq ? `–${p.to}` : ""} ${p.kind}: ${p.message[locale]}`);
  if (report.truncated) lines.push(zh ? "  （问题过多，仅列出部分）" : "  (too many problems; list truncated)");
  if (report.recordError) lines.push(zh ? `  注意：本次校验未能记入审计日志（${report.recordError.code}）：${report.recordError.message}` : `  Warning: this verification could not be recorded in the trail (${report.recordError.code}): ${report.recordError.message}`);
  if (report.ok) lines.push(zh ? "  请将链头记录在系统之外，下次校验时用 --anchor 核对，以发现末尾记录被删除；用 --since 只校验其后的新记录。" : "  Note the head outside the system and pass it with --anchor next time to detect a removed tail, or --since to check only the rows after it.");
  return lines.join("\n");
}

/** `anju audit purge --before <date>`: the retention rule applies as for the API. */
export function purgeAudit(host: AnjuHost, before: Date): Promise<PurgeReport> {
  return auditLogOf(host).purge(before, { userId: "system", jurisdiction: null, ip: null });
}

/**
 * The CLI's error catalogue. Usage errors (what is wrong can be seen in the command line
 * alone) exit with 2; everything else that fails — a refused lifecycle step, a missing
 * jurisdiction, a database that is down — exits with 1.
 */
import { AnjuError, defineErrors } from "@anju/errors";

export const CliErrors = defineErrors({
  UNKNOWN_COMMAND: { status: 400, messages: { "zh-CN": "未知命令：{command}（运行 anju --help 查看可用命令）", en: "Unknown command: {command} (run anju --help)" } },
  UNKNOWN_OPTION: { status: 400, messages: { "zh-CN": "未知选项：{option}（用法：{usage}）", en: "Unknown option: {option} (usage: {usage})" } },
  BAD_OPTION: { status: 400, messages: { "zh-CN": "选项 {option} 无效：{reason}", en: "Invalid option {option}: {reason}" } },
  MISSING_ARGUMENT: { status: 400, messages: { "zh-CN": "缺少 {argument}（用法：{usage}）", en: "Missing {argument} (usage: {usage})" } },
  TOO_MANY_ARGUMENTS: { status: 400, messages: { "zh-CN": "多余的参数：{extra}（用法：{usage}）", en: "Unexpected argument: {extra} (usage: {usage})" } },
  PORT_IN_USE: { status: 409, messages: { "zh-CN": "端口 {port} 已被占用；请停止占用它的程序，或用 PORT=<端口> 换一个端口", en: "Port {port} is already in use; stop whatever holds it or pick another one with PORT=<port>" } },
  PORT_UNAVAILABLE: { status: 500, messages: { "zh-CN": "无法监听端口 {port}：{reason}", en: "Cannot listen on port {port}: {reason}" } },
  PACKAGE_UNSUPPORTED: { status: 422, messages: { "zh-CN": "无法安装 {source}：它不是已发现的插件 ID、插件目录或 .tgz/.tar.gz 插件包", en: "Cannot install {source}: it is not a discovered plugin id, a plugin folder or a .tgz/.tar.gz package" } },
  TARBALL_INVALID: { status: 422, messages: { "zh-CN": "插件包 {file} 无法解压或不含 package.json：{reason}", en: "Plugin package {file} cannot be unpacked or holds no package.json: {reason}" } },
  UNEXPECTED: { status: 500, messages: { "zh-CN": "意外错误：{reason}（设置 ANJU_DEBUG=1 可显示调用栈）", en: "Unexpected error: {reason} (set ANJU_DEBUG=1 for the stack)" } },
  SETTINGS_FILE_INVALID: { status: 422, messages: { "zh-CN": "设置文件 {file} 无效：{reason}", en: "Invalid settings file {file}: {reason}" } },
});

export type CliErrorCode = keyof typeof CliErrors.specs;

const USAGE_ERRORS = new Set<string>(["UNKNOWN_COMMAND", "UNKNOWN_OPTION", "BAD_OPTION", "MISSING_ARGUMENT", "TOO_MANY_ARGUMENTS"]);

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function isUsageError(err: unknown): boolean {
  return err instanceof AnjuError && USAGE_ERRORS.has(err.anjuCode);
}

export function exitCodeOf(err: unknown): number {
  return isUsageError(err) ? EXIT.usage : EXIT.failed;
}

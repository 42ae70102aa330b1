/**
 * `anju token issue`: a signed bearer token for a user acting in a jurisdiction. Interim, until
 * the identity package replaces tokens with server-side sessions; signed with the same secret
 * the node uses (auth.tokenSecret, or `<dataDir>/secret`).
 */
import { listOption, requireOption, stringOption, type Command } from "../command.js";
import { CliErrors } from "../errors.js";

const issueCommand: Command = {
  words: ["token", "issue"],
  usage: "anju token issue --user <id> --jurisdiction <code> [--role <role> …] [--name <name>] [--ttl <seconds>]",
  summary: "签发访问令牌（临时方案，身份模块上线后改为会话）。\nIssue an API bearer token (interim, until the identity package brings sessions).",
  options: {
    user: { type: "string", value: "<id>", help: "用户 ID / user id" },
    jurisdiction: { type: "string", short: "j", value: "<code>", help: "令牌代表的行政区划 / jurisdiction the token acts for" },
    role: { type: "string", multiple: true, value: "<role>", help: "角色，可重复（如 system-admin、jurisdiction-admin、viewer）/ role, repeatable" },
    name: { type: "string", value: "<name>", help: "显示名 / display name" },
    ttl: { type: "string", value: "<seconds>", help: "有效期（秒，≥60；默认 auth.tokenTtlSeconds）/ lifetime in seconds" },
  },
  details: "示例 Example:\n  anju token issue --user zhang.san --jurisdiction 340100 --role jurisdiction-admin\n  curl -H \"Authorization: Bearer $(anju token issue --user a --jurisdiction 340000 --role viewer --json | jq -r .token)\" http://127.0.0.1:3000/api/jurisdictions",
  async run({ options, globals, out }) {
    const user = requireOption(this, options, "user");
    const jurisdiction = requireOption(this, options, "jurisdiction");
    const roles = listOption(options, "role");
    const rawTtl = stringOption(options, "ttl");
    if (rawTtl !== undefined && !/^\d+$/.test(rawTtl)) throw CliErrors.BAD_OPTION({ option: "--ttl", reason: "须为整数秒 / must be whole seconds" });
    if (rawTtl !== undefined && Number(rawTtl) < 60) throw CliErrors.BAD_OPTION({ option: "--ttl", reason: "至少 60 秒 / at least 60 seconds" });
    const { withHost } = await import("../context.js");
    const { issueToken } = await import("@anju/gateway");
    const issued = await withHost(globals, async (host) => {
      await host.jurisdictions.get(jurisdiction);
      const ttl = rawTtl !== undefined ? Number(rawTtl) : host.config.auth.tokenTtlSeconds;
      const token = issueToken(host.tokenSecret(), { sub: user, name: stringOption(options, "name"), roles, jur: jurisdiction }, ttl);
      return { token, user, jurisdiction, roles, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
    });
    if (!roles.length) out.warn("未指定 --role，此令牌没有任何权限 / no --role given: this token grants no permissions");
    out.result(issued, () => issued.token);
  },
};

export const tokenCommands: Command[] = [issueCommand];

/**
 * `anju user create|grant|list|offboard|apikey`: accounts from the command line, for the first
 * accounts of a deployment and for the offboarding checklist (Hefei H10). Every command calls
 * the same actions the API does, as the system, so the checks and the audit trail are the same.
 */
import type { AnjuHost, RequestContext } from "@anju/kernel";
import { listOption, requireOption, stringOption, type Command } from "../command.js";
import { CliErrors } from "../errors.js";

interface PublicUser { id: string; username: string; displayName: string | null; homeJurisdiction: string | null; disabled: boolean }

async function systemCall<T>(host: AnjuHost, action: string, params: Record<string, unknown>): Promise<T> {
  const { systemContext } = await import("@anju/kernel");
  return host.call<T>(action, params, systemContext(null));
}

/** The account by name, or USER_NOT_FOUND (the same code the API uses). */
async function userNamed(host: AnjuHost, username: string): Promise<PublicUser> {
  const { findUser, IdentityErrors } = await import("@anju/identity");
  const user = await findUser(host, username);
  if (!user) throw IdentityErrors.USER_NOT_FOUND({ id: username });
  return user as PublicUser;
}

function positiveInt(raw: string | undefined, option: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(raw)) throw CliErrors.BAD_OPTION({ option, reason: "须为 1–9999 的整数 / must be a whole number 1–9999" });
  return Number(raw);
}

const createCommand: Command = {
  words: ["user", "create"],
  usage: "anju user create <username> --jurisdiction <code> [--role <role> …] [--name <display name>]",
  summary: "新建账户（生成一次性初始密码，首次登录须修改），可同时授予角色。\nCreate an account (a one-time password is generated; it must be changed at first sign-in) and grant roles.",
  args: { required: ["username"] },
  options: {
    jurisdiction: { type: "string", short: "j", value: "<code>", help: "所属行政区划（角色也授予在此）/ home jurisdiction (roles are granted here too)" },
    role: { type: "string", multiple: true, value: "<role>", help: "角色，可重复，如 jurisdiction-admin、reporting-official / role, repeatable" },
    name: { type: "string", value: "<name>", help: "显示名 / display name" },
  },
  details: "示例 Example:\n  anju user create zhang.san --jurisdiction 340705 --role reporting-official --name 张三",
  async run({ args: [username], options, globals, out }) {
    const jurisdiction = requireOption(this, options, "jurisdiction");
    const roles = listOption(options, "role");
    const { withHost } = await import("../context.js");
    const made = await withHost(globals, async (host) => {
      await host.jurisdictions.get(jurisdiction);
      const created = await systemCall<{ user: PublicUser; password?: string }>(host, "users.create", { username, jurisdiction, displayName: stringOption(options, "name") });
      const granted: string[] = [];
      for (const role of roles) {
        await systemCall(host, "rbac.grant", { userId: created.user.id, role, jurisdiction });
        granted.push(role);
      }
      return { ...created, roles: granted, jurisdiction };
    });
    out.result(made, () => [
      `已创建账户 Created: ${made.user.username}（${made.jurisdiction}）${made.roles.length ? ` 角色 roles: ${made.roles.join(", ")}` : ""}`,
      ...(made.password ? [`初始密码 Initial password（只显示这一次，首次登录须修改 / shown once, change at first sign-in）: ${made.password}`] : []),
    ].join("\n"));
  },
};

const grantCommand: Command = {
  words: ["user", "grant"],
  usage: "anju user grant <username> <role> --jurisdiction <code>",
  summary: "在某行政区划授予角色（覆盖其下级）。\nGrant a role at a jurisdiction (covers everything below it).",
  args: { required: ["username", "role"] },
  options: { jurisdiction: { type: "string", short: "j", value: "<code>", help: "授予位置 / where the role applies" } },
  async run({ args: [username, role], options, globals, out }) {
    const jurisdiction = requireOption(this, options, "jurisdiction");
    const { withHost } = await import("../context.js");
    const result = await withHost(globals, async (host) => {
      const user = await userNamed(host, username);
      await systemCall(host, "rbac.grant", { userId: user.id, role, jurisdiction });
      return { username: user.username, userId: user.id, role, jurisdiction };
    });
    out.result(result, () => `已授予 Granted: ${result.username} → ${result.role} @ ${result.jurisdiction}`);
  },
};

const listCommand: Command = {
  words: ["user", "list"],
  usage: "anju user list [--search <text>] [--disabled]",
  summary: "列出账户。\nList accounts.",
  options: {
    search: { type: "string", value: "<text>", help: "按用户名/显示名筛选 / filter by name" },
    disabled: { type: "boolean", help: "包括已停用的账户 / include disabled accounts" },
  },
  async run({ options, globals, out }) {
    const { withHost } = await import("../context.js");
    // The API pages by 100 at most; the command lists everyone.
    const page = await withHost(globals, async (host) => {
      const items: PublicUser[] = [];
      for (let n = 1; ; n++) {
        const got = await systemCall<{ items: PublicUser[]; total: number }>(host, "users.list", {
          q: stringOption(options, "search"), includeDisabled: options.disabled === true, page: n, pageSize: 100,
        });
        items.push(...got.items);
        if (got.items.length === 0 || items.length >= got.total) return { items, total: got.total };
      }
    });
    out.result(page, () => page.items.length
      ? page.items.map((u) => `${u.username.padEnd(20)} ${(u.homeJurisdiction ?? "-").padEnd(12)} ${u.disabled ? "已停用 disabled" : "正常 active"}  ${u.displayName ?? ""}`).join("\n")
      : "（没有账户 / no accounts）");
  },
};

const offboardCommand: Command = {
  words: ["user", "offboard"],
  usage: "anju user offboard <username> [--returned-key <key> …] [--usb-key <id> …] [--pledge-signed] [--note <text>]",
  summary: "人员离岗（H10）：停用账户、结束会话、吊销 API 密钥与角色，记录交还的钥匙/U 盾与保密承诺。\nOffboard a staff member (H10): disable the account, end sessions, revoke API keys and roles, record returned keys/USB keys and the confidentiality pledge.",
  args: { required: ["username"] },
  options: {
    "returned-key": { type: "string", multiple: true, value: "<key>", help: "交还的钥匙/门禁卡，可重复 / returned key or card, repeatable" },
    "usb-key": { type: "string", multiple: true, value: "<id>", help: "交还的 U 盾（USB Key），可重复 / returned USB key, repeatable" },
    "pledge-signed": { type: "boolean", help: "已签署保密承诺书 / the confidentiality pledge is signed" },
    note: { type: "string", value: "<text>", help: "备注 / note" },
  },
  details: "示例 Example:\n  anju user offboard zhang.san --returned-key 门禁卡-0012 --usb-key UK-3301 --pledge-signed",
  async run({ args: [username], options, globals, out }) {
    const { withHost } = await import("../context.js");
    const record = await withHost(globals, async (host) => {
      const user = await userNamed(host, username);
      return systemCall<{ apiKeysRevoked: number; sessionsEnded: number; rolesRevoked: boolean; returnedKeys: string[]; usbKeys: string[]; pledgeSigned: boolean }>(
        host, "users.offboard", {
          id: user.id, returnedKeys: listOption(options, "returned-key"), usbKeys: listOption(options, "usb-key"),
          pledgeSigned: options["pledge-signed"] === true, note: stringOption(options, "note"),
        });
    });
    if (!record.pledgeSigned) out.warn("未记录保密承诺书 / no signed confidentiality pledge recorded (--pledge-signed)");
    out.result({ username, ...record }, () => [
      `已办理离岗 Offboarded: ${username}`,
      `  账户已停用 account disabled · 结束会话 sessions ended: ${record.sessionsEnded} · 吊销密钥 API keys revoked: ${record.apiKeysRevoked} · 角色已撤销 roles revoked: ${record.rolesRevoked ? "是 yes" : "否 no"}`,
      `  交还 returned: ${[...record.returnedKeys, ...record.usbKeys].join(", ") || "—"} · 保密承诺 pledge: ${record.pledgeSigned ? "已签署 signed" : "未签署 not signed"}`,
    ].join("\n"));
  },
};

const apikeyCommand: Command = {
  words: ["user", "apikey"],
  usage: "anju user apikey <username> --name <purpose> [--days <n>]",
  summary: "为账户签发 API 密钥（脚本用，只显示一次；权限与该账户相同）。\nIssue an API key for an account (for scripts; shown once; acts with that account's permissions).",
  args: { required: ["username"] },
  options: {
    name: { type: "string", value: "<purpose>", help: "用途 / what the key is for" },
    days: { type: "string", value: "<n>", help: "有效天数 / days until it expires" },
  },
  details: "示例 Example:\n  curl -H \"Authorization: Bearer $(anju user apikey admin --name export --json | jq -r .key)\" http://127.0.0.1:3000/api/jurisdictions",
  async run({ args: [username], options, globals, out }) {
    const name = requireOption(this, options, "name");
    const days = positiveInt(stringOption(options, "days"), "--days");
    const { withHost } = await import("../context.js");
    const issued = await withHost(globals, async (host) => {
      const user = await userNamed(host, username);
      if (user.disabled) throw (await import("@anju/identity")).IdentityErrors.USER_NOT_FOUND({ id: username });
      if (!user.homeJurisdiction) throw CliErrors.BAD_OPTION({ option: "<username>", reason: "账户没有所属行政区划 / the account has no home jurisdiction" });
      // The key is the user's own: issued in their name, recorded in the trail as theirs.
      const rc: RequestContext = { principal: { id: user.id, kind: "user", name: user.username }, jurisdiction: user.homeJurisdiction };
      return host.call<{ id: string; key: string; expiresAt: string | null }>("auth.createApiKey", { name, ...(days ? { expiresInDays: days } : {}) }, rc);
    });
    out.result({ username, ...issued }, () => issued.key);
  },
};

export const userCommands: Command[] = [createCommand, grantCommand, listCommand, offboardCommand, apikeyCommand];

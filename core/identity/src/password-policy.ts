/**
 * The password policy (Hefei H9 at least): length, the four character classes, no control
 * characters, not the username, not one of the last N. A refusal lists every rule that failed,
 * in zh-CN and en, so the form can show them all at once.
 */
import crypto from "node:crypto";
import type { Messages } from "@anju/errors";
import type { PasswordPolicyConfig } from "./config.js";
import { IdentityErrors } from "./errors.js";

export type PasswordRule = "minLength" | "maxLength" | "upper" | "lower" | "digit" | "special" | "controlChars" | "notUsername" | "common" | "history";

/**
 * Well-known "complex" defaults that pass the character-class rules: vendors ship them and
 * people reuse them. H9's "no default passwords" — refused whatever the deployment's policy.
 */
const COMMON = new Set([
  "p@ssw0rd", "p@ssword1", "passw0rd!", "password1!", "password@123", "admin@123", "admin123!", "admin@1234", "admin!@#123",
  "aa123456!", "aa123456.", "abc@1234", "abc@123456", "qwer@1234", "qwe123!@#", "1qaz@wsx", "1qaz!qaz", "zaq1@wsx", "root@123",
  "test@123", "welcome1!", "changeme1!", "anju@123", "anju@1234", "huawei@123", "hik12345+", "admin12345!", "p@ssw0rd123",
]);

export interface RuleFailure { rule: PasswordRule; messages: Messages }

export const H9 = "H9";

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

function ruleMessages(rule: PasswordRule, policy: PasswordPolicyConfig): Messages {
  switch (rule) {
    case "minLength": return { "zh-CN": `至少 ${policy.minLength} 个字符`, en: `at least ${policy.minLength} characters` };
    case "maxLength": return { "zh-CN": `最多 ${policy.maxLength} 个字符`, en: `at most ${policy.maxLength} characters` };
    case "upper": return { "zh-CN": "须包含大写字母", en: "an upper-case letter" };
    case "lower": return { "zh-CN": "须包含小写字母", en: "a lower-case letter" };
    case "digit": return { "zh-CN": "须包含数字", en: "a digit" };
    case "special": return { "zh-CN": "须包含特殊字符（如 !@#%）", en: "a special character (such as !@#%)" };
    case "controlChars": return { "zh-CN": "不能包含控制字符", en: "no control characters" };
    case "notUsername": return { "zh-CN": "不能包含用户名", en: "must not contain the username" };
    case "common": return { "zh-CN": "不能使用常见的弱密码或默认密码", en: "must not be a common or default password" };
    case "history": return { "zh-CN": `不能与最近 ${policy.historySize} 次使用过的密码相同`, en: `must differ from the last ${policy.historySize} passwords` };
  }
}

/** The rules a password breaks (empty when it passes). History is checked by the caller (needs the hashes). */
export function passwordFailures(password: string, policy: PasswordPolicyConfig, username?: string): PasswordRule[] {
  const failed: PasswordRule[] = [];
  const length = [...password].length;
  if (length < policy.minLength) failed.push("minLength");
  if (length > policy.maxLength) failed.push("maxLength");
  if (policy.requireUpper && !/\p{Lu}/u.test(password)) failed.push("upper");
  if (policy.requireLower && !/\p{Ll}/u.test(password)) failed.push("lower");
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) failed.push("digit");
  if (policy.requireSpecial && !/[^\p{L}\p{N}\p{Cc}]/u.test(password)) failed.push("special");
  if (CONTROL.test(password)) failed.push("controlChars");
  if (COMMON.has(password.toLowerCase())) failed.push("common");
  if (policy.rejectUsername && username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) failed.push("notUsername");
  return failed;
}

export function policyError(failed: PasswordRule[], policy: PasswordPolicyConfig) {
  const details: RuleFailure[] = failed.map((rule) => ({ rule, messages: ruleMessages(rule, policy) }));
  return IdentityErrors.PASSWORD_POLICY({
    rule: H9,
    failed,
    details,
    reasonsZh: details.map((d) => d.messages["zh-CN"]).join("；"),
    reasonsEn: details.map((d) => d.messages.en).join("; "),
  });
}

/** Throw PASSWORD_POLICY listing every failed rule. */
export function assertPasswordPolicy(password: string, policy: PasswordPolicyConfig, username?: string): void {
  const failed = passwordFailures(password, policy, username);
  if (failed.length > 0) throw policyError(failed, policy);
}

const SETS = {
  upper: "ABCDEFGHJKLMNPQRSTUVWXYZ",
  lower: "abcdefghijkmnopqrstuvwxyz",
  digit: "23456789",
  special: "!@#$%^&*-_=+?",
};

/** A random password that passes the policy (one of each class, the rest mixed, shuffled). */
export function generatePassword(policy: PasswordPolicyConfig, length = Math.max(20, policy.minLength)): string {
  const all = Object.values(SETS).join("");
  const chars = Object.values(SETS).map((set) => set[crypto.randomInt(set.length)]);
  while (chars.length < length) chars.push(all[crypto.randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/**
 * `anju trust add|list|remove`: the vendor keys this host trusts to sign plugin packages.
 * Removing a vendor revokes its keys (kept, so packages signed by them are refused as revoked).
 * Every change is audited.
 */
import fs from "node:fs";
import { CliErrors } from "../errors.js";
import { stringOption, type Command } from "../command.js";
import { table } from "../output.js";

const CLI_ACTOR = { userId: "system" };

function short(fp: string): string {
  return `${fp.slice(0, 16)}…`;
}

const addCommand: Command = {
  words: ["trust", "add"],
  usage: "anju trust add <vendor> <public-key.pem>",
  summary: "登记厂商的 Ed25519 公钥为可信（由 openssl pkey -pubout 导出）。\nTrust a vendor's Ed25519 public key (as exported by openssl pkey -pubout).",
  args: { required: ["vendor", "public-key.pem"] },
  details: "示例 Example:\n  anju trust add acme acme.pub.pem",
  async run({ args: [vendor, file], globals, out }) {
    let pem: string;
    try {
      pem = fs.readFileSync(file, "utf8");
    } catch (err) {
      throw CliErrors.BAD_OPTION({ option: file, reason: `无法读取 / cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
    const { packagingOf } = await import("@anju/packaging");
    const { withHost } = await import("../context.js");
    const key = await withHost(globals, (host) => packagingOf(host).trust.add(vendor, pem, CLI_ACTOR));
    out.result(key, () => `已信任 Trusted: 厂商 vendor ${key.vendor}\n密钥指纹 Key fingerprint: ${key.fingerprint}`);
  },
};

const listCommand: Command = {
  words: ["trust", "list"],
  usage: "anju trust list",
  summary: "列出可信的厂商密钥（含已撤销的）。\nList trusted vendor keys (revoked ones too).",
  async run({ globals, out }) {
    const { packagingOf } = await import("@anju/packaging");
    const { withHost } = await import("../context.js");
    const keys = await withHost(globals, (host) => packagingOf(host).trust.list());
    out.result(keys.map(({ publicKeyPem: _pem, ...k }) => k), () => (keys.length
      ? table(["厂商 Vendor", "指纹 Fingerprint", "状态 State", "登记 Added"], keys.map((k) => [
        k.vendor, short(k.fingerprint), k.revokedAt ? `已撤销 revoked ${k.revokedAt.slice(0, 10)}` : "可信 trusted", `${k.addedAt.slice(0, 10)} ${k.addedBy}`,
      ]))
      : "（没有可信密钥 / no trusted keys）"));
  },
};

const removeCommand: Command = {
  words: ["trust", "remove"],
  usage: "anju trust remove <vendor> [--fingerprint <hex>]",
  summary: "撤销厂商的可信密钥（全部，或 --fingerprint 指定的一把）；此后其签名的插件包不能再安装。\nRevoke a vendor's trusted keys (all, or the one given by --fingerprint); packages it signed can no longer be installed.",
  args: { required: ["vendor"] },
  options: { fingerprint: { type: "string", value: "<hex>", help: "只撤销这一把 / revoke only this key" } },
  async run({ args: [vendor], options, globals, out }) {
    const { packagingOf } = await import("@anju/packaging");
    const { withHost } = await import("../context.js");
    const result = await withHost(globals, (host) => packagingOf(host).trust.remove(vendor, CLI_ACTOR, stringOption(options, "fingerprint")));
    out.result(result, () => `已撤销 Revoked ${result.revoked.length} 把密钥 key(s) of ${vendor}: ${result.revoked.map(short).join(", ")}`);
  },
};

export const trustCommands: Command[] = [addCommand, listCommand, removeCommand];

/**
 * `anju plugin pack|sign|verify`: a vendor packs a plugin folder into a deterministic .tgz with
 * the SHA-256 of every file, signs it with an Ed25519 key (`openssl genpkey -algorithm
 * ed25519`); anyone checks a package against this host's trusted keys before installing it.
 */
import fs from "node:fs";
import { requireOption, stringOption, type Command } from "../command.js";
import { CliErrors } from "../errors.js";

const packaging = () => import("@anju/packaging");

function readKeyFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw CliErrors.BAD_OPTION({ option: what, reason: `无法读取 ${file} / cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
  }
}

function requireFile(file: string, usage: string): string {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw CliErrors.BAD_OPTION({ option: file, reason: `不是文件 / not a file (${usage})` });
  return file;
}

const packCommand: Command = {
  words: ["plugin", "pack"],
  usage: "anju plugin pack <dir> [-o <out.tgz>]",
  summary: "把插件目录打成 .tgz（文件在 package/ 下，含每个文件 SHA-256 的清单 .anju/files.json；同样的文件得到同样的字节）。\nPack a plugin folder into a .tgz (files under package/, with .anju/files.json listing every file's SHA-256; the same files give the same bytes).",
  args: { required: ["dir"] },
  options: { out: { type: "string", short: "o", value: "<out.tgz>", help: "输出文件（默认 <id>-<version>.tgz）/ output file (default <id>-<version>.tgz)" } },
  details: "遵循 package.json 的 files 列表，否则排除 node_modules、.git、测试产物和 .npmignore 中的文件。\nFollows package.json's files list; otherwise leaves out node_modules, .git, test artefacts and what .npmignore lists.\n示例 Example:\n  anju plugin pack ./acme-camera -o acme-camera-1.0.0.tgz",
  async run({ args: [dir], options, out }) {
    const { pack } = await packaging();
    const result = await pack(dir, stringOption(options, "out"));
    out.result(result, () => `已打包 Packed ${result.plugin}@${result.version}（厂商 vendor ${result.vendor}，${result.files.length} 个文件 files）→ ${result.file}\n未签名：请用 anju plugin sign 签名 / not signed yet: sign it with anju plugin sign`);
  },
};

const signCommand: Command = {
  words: ["plugin", "sign"],
  usage: "anju plugin sign <tgz> --key <private.pem> [-o <out.tgz>]",
  summary: "用厂商的 Ed25519 私钥签名插件包（写入 .anju/signature.json）。\nSign a package with the vendor's Ed25519 private key (adds .anju/signature.json).",
  args: { required: ["tgz"] },
  options: {
    key: { type: "string", value: "<private.pem>", help: "Ed25519 私钥（openssl genpkey -algorithm ed25519 -out key.pem）/ Ed25519 private key" },
    out: { type: "string", short: "o", value: "<out.tgz>", help: "输出文件（默认覆盖原文件）/ output file (default: replace the input)" },
  },
  details: "生成密钥 Make a key pair:\n  openssl genpkey -algorithm ed25519 -out acme.pem\n  openssl pkey -in acme.pem -pubout -out acme.pub.pem   # 交给宿主管理员 / give this to the host's administrator",
  async run({ args: [tgz], options, out }) {
    const keyFile = requireOption(this, options, "key");
    requireFile(tgz, this.usage);
    const { sign } = await packaging();
    const result = await sign(tgz, readKeyFile(keyFile, "--key"), stringOption(options, "out"));
    out.result(result, () => `已签名 Signed ${result.plugin}@${result.version}（厂商 vendor ${result.vendor}）→ ${result.file}\n密钥指纹 Key fingerprint: ${result.fingerprint}`);
  },
};

const verifyCommand: Command = {
  words: ["plugin", "verify"],
  usage: "anju plugin verify <tgz>",
  summary: "按本宿主的可信密钥校验插件包：签名、厂商和每个文件的 SHA-256（不一致时退出码 1 并说明原因）。\nVerify a package against this host's trusted keys: signature, vendor and every file's SHA-256 (exit 1 with the reason on any mismatch).",
  args: { required: ["tgz"] },
  async run({ args: [tgz], globals, out }) {
    requireFile(tgz, this.usage);
    const { verify, packagingOf } = await import("@anju/packaging");
    const { withHost } = await import("../context.js");
    const result = await withHost(globals, (host) => verify(tgz, packagingOf(host).trust));
    out.result({ ok: true, ...result }, () => `校验通过 Verified: ${result.plugin}@${result.version}，厂商 vendor ${result.vendor}，${result.files} 个文件 files\n密钥指纹 Key fingerprint: ${result.fingerprint}`);
  },
};

export const packageCommands: Command[] = [packCommand, signCommand, verifyCommand];

/** The packaging catalogue: packing, signing, verifying and the trust store. Codes are stable (CLI, console and tests match on them). */
import { defineErrors } from "@anju/errors";

export const PackagingErrors = defineErrors({
  PACKAGE_DIR_INVALID: { status: 422, messages: { "zh-CN": "插件目录无效：{dir}（{reason}）", en: "Invalid plugin folder: {dir} ({reason})" } },
  PACKAGE_VENDOR_MISSING: {
    status: 422,
    messages: { "zh-CN": "插件 {id} 的 package.json 缺少 anju.vendor，无法签名", en: "Plugin {id} has no anju.vendor in package.json and cannot be signed" },
  },
  PACKAGE_SYMLINK: { status: 422, messages: { "zh-CN": "插件包不能包含符号链接：{file}", en: "A plugin package may not contain symbolic links: {file}" } },
  TARBALL_INVALID: { status: 422, messages: { "zh-CN": "不是有效的插件包（.tgz）：{reason}", en: "Not a valid plugin package (.tgz): {reason}" } },
  TARBALL_UNSAFE_ENTRY: {
    status: 422,
    messages: { "zh-CN": "插件包含不安全的条目 {entry}：{reason}", en: "The package holds an unsafe entry {entry}: {reason}" },
  },
  TARBALL_TOO_LARGE: {
    status: 413,
    messages: { "zh-CN": "插件包过大：{what} 超过上限 {limit}", en: "Package too large: {what} exceeds the limit of {limit}" },
  },
  PACKAGE_UNSIGNED: { status: 422, messages: { "zh-CN": "插件包未签名（缺少 {file}）", en: "The package is not signed ({file} is missing)" } },
  PACKAGE_MANIFEST_INVALID: {
    status: 422,
    messages: { "zh-CN": "插件包的文件清单无效：{reason}", en: "The package's file manifest is invalid: {reason}" },
  },
  PACKAGE_FILE_MISSING: { status: 422, messages: { "zh-CN": "插件包缺少清单中列出的文件：{file}", en: "A file listed in the manifest is missing: {file}" } },
  PACKAGE_FILE_EXTRA: { status: 422, messages: { "zh-CN": "插件包含清单之外的文件：{file}", en: "The package holds a file not in its manifest: {file}" } },
  PACKAGE_FILE_MODIFIED: {
    status: 422,
    messages: { "zh-CN": "插件包中的文件已被修改：{file}（SHA-256 不符）", en: "A file in the package was modified: {file} (SHA-256 mismatch)" },
  },
  PACKAGE_IDENTITY_MISMATCH: {
    status: 422,
    messages: { "zh-CN": "清单与 package.json 不一致：{field} 为 {manifest}，package.json 为 {actual}", en: "Manifest and package.json disagree: {field} is {manifest} in the manifest, {actual} in package.json" },
  },
  SIGNATURE_INVALID: { status: 422, messages: { "zh-CN": "插件包签名无效：{reason}", en: "The package signature is invalid: {reason}" } },
  SIGNATURE_KEY_UNKNOWN: {
    status: 422,
    messages: { "zh-CN": "签名密钥不受信任：{fingerprint}（厂商 {vendor}），请先用 anju trust add 登记", en: "The signing key is not trusted: {fingerprint} (vendor {vendor}); add it with anju trust add" },
  },
  SIGNATURE_KEY_REVOKED: {
    status: 422,
    messages: { "zh-CN": "签名密钥已被撤销：{fingerprint}（厂商 {vendor}）", en: "The signing key has been revoked: {fingerprint} (vendor {vendor})" },
  },
  SIGNATURE_VENDOR_MISMATCH: {
    status: 422,
    messages: { "zh-CN": "厂商不一致：插件声明为 {declared}，签名密钥属于 {keyVendor}", en: "Vendor mismatch: the plugin says {declared}, the signing key belongs to {keyVendor}" },
  },
  KEY_INVALID: { status: 422, messages: { "zh-CN": "密钥无效：{reason}", en: "Invalid key: {reason}" } },
  VENDOR_INVALID: {
    status: 422,
    messages: { "zh-CN": "厂商标识无效：{vendor}（小写字母开头，仅含小写字母、数字和连字符）", en: "Invalid vendor id: {vendor} (a lower-case letter, then lower-case letters, digits and hyphens)" },
  },
  TRUST_KEY_EXISTS: {
    status: 409,
    messages: { "zh-CN": "该密钥已登记为厂商 {vendor} 的可信密钥：{fingerprint}", en: "This key is already trusted for vendor {vendor}: {fingerprint}" },
  },
  TRUST_VENDOR_NOT_FOUND: { status: 404, messages: { "zh-CN": "没有厂商 {vendor} 的有效可信密钥", en: "No active trusted key for vendor {vendor}" } },
  UPLOAD_NOT_TARBALL: {
    status: 415,
    messages: { "zh-CN": "上传的不是 .tgz 插件包（{reason}）", en: "The upload is not a .tgz plugin package ({reason})" },
  },
  UPLOAD_EMPTY: { status: 400, messages: { "zh-CN": "上传内容为空", en: "The upload is empty" } },
});

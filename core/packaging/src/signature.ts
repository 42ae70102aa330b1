/** `.anju/signature.json`: who signed the manifest, with which key, and the Ed25519 signature over its exact bytes. */
import { FORMAT_VERSION, MANIFEST_FILE, SIGNATURE_ALGORITHM, VENDOR_PATTERN } from "./constants.js";
import { PackagingErrors } from "./errors.js";

export interface SignatureFile {
  format: number;
  vendor: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** SHA-256 of the signing key's SPKI DER, hex. */
  keyFingerprint: string;
  signedFile: typeof MANIFEST_FILE;
  /** Base64. */
  signature: string;
}

export function signatureBytes(s: SignatureFile): Buffer {
  const ordered = { format: s.format, vendor: s.vendor, algorithm: s.algorithm, keyFingerprint: s.keyFingerprint, signedFile: s.signedFile, signature: s.signature };
  return Buffer.from(`${JSON.stringify(ordered, null, 2)}\n`, "utf8");
}

export function parseSignature(bytes: Buffer): SignatureFile {
  const bad = (reason: string) => PackagingErrors.SIGNATURE_INVALID({ reason });
  let raw: Partial<SignatureFile>;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw bad(`signature.json 不是 JSON / is not JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null) throw bad("signature.json 不是对象 / is not an object");
  if (raw.format !== FORMAT_VERSION) throw bad(`format 须为 ${FORMAT_VERSION} / format must be ${FORMAT_VERSION}`);
  if (raw.algorithm !== SIGNATURE_ALGORITHM) throw bad(`不支持的算法 / unsupported algorithm ${String(raw.algorithm)}`);
  if (raw.signedFile !== MANIFEST_FILE) throw bad(`签名对象须为 ${MANIFEST_FILE} / must sign ${MANIFEST_FILE}`);
  if (typeof raw.vendor !== "string" || !VENDOR_PATTERN.test(raw.vendor)) throw bad("vendor 无效 / vendor invalid");
  if (typeof raw.keyFingerprint !== "string" || !/^[0-9a-f]{64}$/.test(raw.keyFingerprint)) throw bad("keyFingerprint 无效 / keyFingerprint invalid");
  if (typeof raw.signature !== "string" || !/^[A-Za-z0-9+/]+=*$/.test(raw.signature)) throw bad("signature 不是 base64 / signature is not base64");
  return raw as SignatureFile;
}

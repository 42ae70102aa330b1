/**
 * Ed25519 keys as `openssl genpkey -algorithm ed25519` (private, PKCS#8 PEM) and
 * `openssl pkey -pubout` (public, SPKI PEM) write them. A key is named by its fingerprint: the
 * SHA-256 of its SPKI DER, in hex, the same for the private key and its public half.
 */
import crypto, { type KeyObject } from "node:crypto";
import { SIGNATURE_ALGORITHM } from "./constants.js";
import { PackagingErrors } from "./errors.js";

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== SIGNATURE_ALGORITHM) {
    throw PackagingErrors.KEY_INVALID({ reason: `${what} 不是 Ed25519 密钥（是 ${key.asymmetricKeyType}）/ ${what} is not an Ed25519 key (${key.asymmetricKeyType})` });
  }
  return key;
}

export function privateKeyFrom(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey({ key: pem, format: "pem" });
  } catch (err) {
    throw PackagingErrors.KEY_INVALID({ reason: `私钥无法读取 / cannot read the private key: ${(err as Error).message}` });
  }
  return requireEd25519(key, "私钥 private key");
}

export function publicKeyFrom(pem: string | Buffer): KeyObject {
  const text = Buffer.isBuffer(pem) ? pem.toString("utf8") : pem;
  // A private key would also yield a public key; refusing it keeps secrets out of the trust store.
  if (/PRIVATE KEY/.test(text)) throw PackagingErrors.KEY_INVALID({ reason: "这是私钥，请提供公钥（openssl pkey -pubout）/ this is a private key; give the public key (openssl pkey -pubout)" });
  let key: KeyObject;
  try {
    key = crypto.createPublicKey({ key: text, format: "pem" });
  } catch (err) {
    throw PackagingErrors.KEY_INVALID({ reason: `公钥无法读取 / cannot read the public key: ${(err as Error).message}` });
  }
  return requireEd25519(key, "公钥 public key");
}

/** SHA-256 of the SPKI DER of the key (or of a private key's public half), hex. */
export function fingerprintOf(key: KeyObject): string {
  const pub = key.type === "private" ? crypto.createPublicKey(key) : key;
  return crypto.createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest("hex");
}

export function publicPemOf(key: KeyObject): string {
  const pub = key.type === "private" ? crypto.createPublicKey(key) : key;
  return pub.export({ type: "spki", format: "pem" }).toString();
}

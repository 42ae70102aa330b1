/**
 * PiCodec: AES-256-GCM for values, HMAC-SHA256 for blind indexes.
 *
 * A stored value is one text: `v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts, a fresh
 * random 96-bit IV per value). The version, key id and kind are bound as associated data, so a
 * value cannot be moved to a column of another kind or relabelled with another key id without
 * failing authentication.
 *
 * A blind index is `b1:` + base64url(HMAC(indexKey, kind ␀ normalised value)): equal for equal
 * values of one kind, useless without the index key.
 */
import crypto from "node:crypto";
import { PrivacyErrors } from "../errors.js";
import { checkValue, normalise, type PiKind } from "../kinds.js";
import type { Keyring } from "./keyring.js";

export const CIPHER_VERSION = "v1";
export const INDEX_PREFIX = "b1:";
export const BLIND_INDEX_PATTERN = /^b1:[A-Za-z0-9_-]{43}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Parsed { keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer }

export function isCiphertext(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(`${CIPHER_VERSION}:`);
}

/** The key id a stored value was encrypted with, or null for anything that is not a ciphertext. */
export function keyIdOf(stored: string): string | null {
  if (!isCiphertext(stored)) return null;
  return stored.split(":")[1] ?? null;
}

function parse(stored: string): Parsed {
  const parts = stored.split(":");
  if (parts.length !== 5 || parts[0] !== CIPHER_VERSION) throw PrivacyErrors.PI_CIPHERTEXT_INVALID({ reason: "expected v1:<keyId>:<iv>:<ciphertext>:<tag>" });
  const [, keyId, iv, ct, tag] = parts;
  const parsed = { keyId, iv: Buffer.from(iv, "base64url"), ciphertext: Buffer.from(ct, "base64url"), tag: Buffer.from(tag, "base64url") };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) throw PrivacyErrors.PI_CIPHERTEXT_INVALID({ reason: "IV or tag has the wrong length" });
  return parsed;
}

function aad(keyId: string, kind: PiKind): Buffer {
  return Buffer.from(`anju-pi:${CIPHER_VERSION}:${keyId}:${kind}`, "utf8");
}

export class PiCodec {
  constructor(private ring: Keyring) {}

  get keyring(): Keyring {
    return this.ring;
  }

  /** Swap in a changed keyring (after adding or retiring a key); transformers see it at once. */
  replaceKeyring(ring: Keyring): void {
    this.ring = ring;
  }

  get currentKeyId(): string {
    return this.ring.current;
  }

  encrypt(kind: PiKind, plaintext: string): string {
    checkValue(kind, plaintext);
    const keyId = this.ring.current;
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.ring.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId, kind));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [CIPHER_VERSION, keyId, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
  }

  decrypt(kind: PiKind, stored: string): string {
    const p = parse(stored);
    const key = this.ring.keys.get(p.keyId);
    if (!key) throw PrivacyErrors.PI_KEY_UNKNOWN({ keyId: p.keyId });
    try {
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, p.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(p.keyId, kind));
      decipher.setAuthTag(p.tag);
      return Buffer.concat([decipher.update(p.ciphertext), decipher.final()]).toString("utf8");
    } catch {
      throw PrivacyErrors.PI_DECRYPT_FAILED({ keyId: p.keyId });
    }
  }

  /** Re-encrypt under the current key; a legacy plaintext value (not `v1:`) is encrypted as is. */
  reencrypt(kind: PiKind, stored: string): string {
    return this.encrypt(kind, isCiphertext(stored) ? this.decrypt(kind, stored) : stored);
  }

  /** The blind index of a value, or null when nothing is left after normalising. */
  blindIndex(kind: PiKind, value: string): string | null {
    checkValue(kind, value);
    const canonical = normalise(kind, value);
    if (canonical === "") return null;
    return INDEX_PREFIX + crypto.createHmac("sha256", this.ring.indexKey).update(`${kind}\u0000${canonical}`, "utf8").digest("base64url");
  }
}

// Transformers are synchronous and cannot see which DataSource they run for, so one codec per
// process is active: the one the privacy service loaded at start (a node has one keyring).
let active: PiCodec | null = null;

export function setActivePiCodec(codec: PiCodec | null): void {
  active = codec;
}

export function activePiCodec(): PiCodec {
  if (!active) throw PrivacyErrors.PI_KEYS_NOT_LOADED();
  return active;
}

/** Encrypt one value with the node's active keyring (for writes outside TypeORM entities). */
export function encryptField(kind: PiKind, plaintext: string): string {
  return activePiCodec().encrypt(kind, plaintext);
}

export function decryptField(kind: PiKind, stored: string): string {
  return activePiCodec().decrypt(kind, stored);
}

/** The blind index of a value, for an exact lookup on a `<column>_bidx` column. */
export function blindIndex(kind: PiKind, value: string): string | null {
  return activePiCodec().blindIndex(kind, value);
}

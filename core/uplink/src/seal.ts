/**
 * Sealed records: a record enqueued with `sealed: true` (personal information — Yiyang's
 * authorisation changes carry the holder's name, ID number and plate) keeps its `data` encrypted
 * at rest in this node's uplink tables (H11): in the community's outbox until the relay opens it
 * just before publishing, and in the county's inbox (stored and parked records) with the county
 * node's own key. On the wire between them the record is plain JSON flagged `"sealed":1`; the
 * transport's confidentiality is NATS over TLS (docs/uplink.md: production uses tls://).
 *
 * AES-256-GCM with a key derived (HKDF-SHA256, label `anju-uplink-seal/v1`) from the node's host
 * secret (`<dataDir>/secret` or ANJU_TOKEN_SECRET) — outside the database, so a dump of it alone
 * does not reveal the records. Not the PI keyring: PI key rotation re-encrypts and retires keys
 * by the entity columns it knows, and would orphan a pending outbox row. A stored value is
 * `s1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url; keyId a fingerprint of the key); the row's
 * identity (kind, device, device sequence, time; on the county the community and source
 * sequence too) is bound as associated data, so a sealed value moved to another row, or edited,
 * fails to open (UPLINK_SEALED_INVALID). JSON text never starts with `s`, so an unsealed row is
 * told apart by its first character and pays nothing else.
 */
import crypto from "node:crypto";
import type { DataSource } from "typeorm";
import { UplinkErrors } from "./errors.js";

export const SEAL_VERSION = "s1";
const PREFIX = `${SEAL_VERSION}:`;
const LABEL = "anju-uplink-seal/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface UplinkSealer {
  /** Fingerprint of the key (not the key): tells "sealed under another host secret" from tampering. */
  readonly keyId: string;
  seal(plain: string, context: string): string;
  /** Throws UPLINK_SEALED_INVALID when the value was altered, moved to another row, or sealed under another key. */
  open(sealed: string, context: string): string;
}

/** A stored `data` text that is sealed (first character only: JSON never starts with `s`). */
export function isSealed(data: string): boolean {
  return data.charCodeAt(0) === 115 /* s */ && data.startsWith(PREFIX);
}

export function createSealer(hostSecret: string): UplinkSealer {
  if (!hostSecret) throw UplinkErrors.UPLINK_SEAL_KEY_MISSING();
  const key = Buffer.from(crypto.hkdfSync("sha256", Buffer.from(hostSecret, "utf8"), Buffer.alloc(0), Buffer.from(LABEL, "utf8"), 32));
  const keyId = crypto.createHash("sha256").update(key).digest("base64url").slice(0, 8);
  const aad = (context: string) => Buffer.from(`anju-uplink:${SEAL_VERSION}:${keyId}:${context}`, "utf8");
  return {
    keyId,
    seal(plain, context) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(context));
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [SEAL_VERSION, keyId, iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
    },
    open(sealed, context) {
      const parts = sealed.split(":");
      if (parts.length !== 5 || parts[0] !== SEAL_VERSION) throw UplinkErrors.UPLINK_SEALED_INVALID({ reason: "not s1:<keyId>:<iv>:<ciphertext>:<tag>" });
      const [, kid, ivText, ctText, tagText] = parts;
      if (kid !== keyId) throw UplinkErrors.UPLINK_SEALED_INVALID({ reason: `sealed under another key (${kid}); this node's is ${keyId} — was the host secret changed?` });
      const iv = Buffer.from(ivText, "base64url");
      const tag = Buffer.from(tagText, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw UplinkErrors.UPLINK_SEALED_INVALID({ reason: "IV or tag has the wrong length" });
      try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw UplinkErrors.UPLINK_SEALED_INVALID({ reason: "authentication failed (altered, or moved from another row)" });
      }
    },
  };
}

// Keyed by DataSource: the outbox and inbox functions get a manager or query runner, whose
// `connection` leads here; a node has one host secret.
const sealers = new WeakMap<DataSource, { secret: string; sealer: UplinkSealer }>();

/**
 * Give this node's uplink tables their sealing key (uplinkModule does it at set-up with
 * host.tokenSecret(); a plugin enqueuing sealed records on a host without the module may call
 * it too — idempotent).
 */
export function installUplinkSeal(ds: DataSource, hostSecret: string): UplinkSealer {
  const had = sealers.get(ds);
  if (had && had.secret === hostSecret) return had.sealer;
  const sealer = createSealer(hostSecret);
  sealers.set(ds, { secret: hostSecret, sealer });
  return sealer;
}

/** The sealer for this DataSource; UPLINK_SEAL_KEY_MISSING when none was installed. */
export function sealerOf(ds: DataSource): UplinkSealer {
  const s = sealers.get(ds);
  if (!s) throw UplinkErrors.UPLINK_SEAL_KEY_MISSING();
  return s.sealer;
}

/** Associated data of an outbox row. */
export const outboxContext = (kind: string, deviceCode: string, deviceSeq: number, ts: number): string =>
  `outbox\u0000${kind}\u0000${deviceCode}\u0000${deviceSeq}\u0000${ts}`;

/** Associated data of a county record (stored or parked: a record moves between them). */
export const inboxContext = (community: string, seq: number, kind: string, deviceCode: string, deviceSeq: number): string =>
  `inbox\u0000${community}\u0000${seq}\u0000${kind}\u0000${deviceCode}\u0000${deviceSeq}`;

/**
 * The HMAC key the chain is keyed with. It lives outside the database, so someone who can
 * write the database but not read the node's key cannot recompute hashes after an edit.
 * Where it comes from, first match wins:
 *   1. `createAuditService({ key })` (tests, embedding code)
 *   2. `ANJU_AUDIT_KEY` (hex, ≥ 64 digits, or base64 of ≥ 32 bytes) or `ANJU_AUDIT_KEY_FILE`
 *   3. `<dataDir>/audit.key`, generated once with mode 0600 (the embedded single node).
 * Every node writing one database needs the same key: a node whose key differs from the one
 * the chain head was written with refuses to append (AUDIT_KEY_MISMATCH) instead of writing
 * rows nobody can verify. Rotation: give the new key as the key and the old one in
 * `previousKeys` / `ANJU_AUDIT_PREVIOUS_KEYS` (comma-separated); each row stores its key id.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AuditErrors } from "./errors.js";

export interface AuditKey {
  /** Public fingerprint stored with each row: 16 hex digits of HMAC(key, "anju-audit-key-id"). */
  id: string;
  secret: Buffer;
}

export interface AuditKeyring {
  current: AuditKey;
  byId: ReadonlyMap<string, AuditKey>;
}

export interface AuditKeyOptions {
  key?: string | Buffer;
  previousKeys?: Array<string | Buffer>;
}

export const KEY_FILE_NAME = "audit.key";

export function parseKey(raw: string | Buffer, source: string): AuditKey {
  let secret: Buffer;
  if (Buffer.isBuffer(raw)) {
    secret = raw;
  } else {
    const text = raw.trim();
    if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) secret = Buffer.from(text, "hex");
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) secret = Buffer.from(text, "base64");
    else throw AuditErrors.AUDIT_KEY_INVALID({ reason: `${source}: 须为十六进制或 base64 / must be hex or base64` });
  }
  if (secret.length < 32) throw AuditErrors.AUDIT_KEY_INVALID({ reason: `${source}: 至少 32 字节 / at least 32 bytes` });
  const id = crypto.createHmac("sha256", secret).update("anju-audit-key-id").digest("hex").slice(0, 16);
  return { id, secret };
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw AuditErrors.AUDIT_KEY_INVALID({ reason: `${file}: ${(err as Error).message}` });
  }
}

/** The node's default key file: created once, never overwritten (`wx`), readable by the owner only. */
function dataDirKey(dataDir: string): string {
  const file = path.join(dataDir, KEY_FILE_NAME);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw AuditErrors.AUDIT_KEY_INVALID({ reason: `${file}: ${(err as Error).message}` });
    }
  }
  return readKeyFile(file);
}

export function resolveKeyring(options: AuditKeyOptions, env: NodeJS.ProcessEnv, dataDir: string): AuditKeyring {
  let current: AuditKey;
  if (options.key !== undefined) current = parseKey(options.key, "key");
  else if (env.ANJU_AUDIT_KEY) current = parseKey(env.ANJU_AUDIT_KEY, "ANJU_AUDIT_KEY");
  else if (env.ANJU_AUDIT_KEY_FILE) current = parseKey(readKeyFile(env.ANJU_AUDIT_KEY_FILE), env.ANJU_AUDIT_KEY_FILE);
  else current = parseKey(dataDirKey(dataDir), path.join(dataDir, KEY_FILE_NAME));
  const previous = options.previousKeys
    ?? (env.ANJU_AUDIT_PREVIOUS_KEYS ? env.ANJU_AUDIT_PREVIOUS_KEYS.split(",").filter((s) => s.trim()) : []);
  const byId = new Map<string, AuditKey>([[current.id, current]]);
  previous.forEach((k, i) => {
    const parsed = parseKey(k, `previousKeys[${i}]`);
    if (!byId.has(parsed.id)) byId.set(parsed.id, parsed);
  });
  return { current, byId };
}

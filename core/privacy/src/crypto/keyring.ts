/**
 * The keys that protect personal information, kept outside the database: in `ANJU_PI_KEY` /
 * `ANJU_PI_INDEX_KEY` (a cluster: every node needs the same keys) or in a key file under the
 * data folder, created on first start with mode 0600 and refused when others can read it.
 *
 * A keyring holds several encryption keys by id — values carry the id of the key that
 * encrypted them — so a key can be replaced while old values stay readable until re-encrypted.
 * The blind-index key is separate and never rotates with them: rotating it would orphan every
 * index, and it protects lookups, not the values.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PrivacyErrors } from "../errors.js";

export const KEY_FILE_NAME = "pi-keys.json";
export const KEY_FILE_FORMAT = "anju-pi-keys/1";
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
const KEY_BYTES = 32;

export interface Keyring {
  /** Id of the key new values are encrypted with. */
  readonly current: string;
  readonly keys: ReadonlyMap<string, Buffer>;
  /** HMAC-SHA256 key for blind indexes. */
  readonly indexKey: Buffer;
  readonly source: "file" | "env";
  readonly file?: string;
}

export interface KeyringOptions {
  /** The host's data folder: the key file lives here unless `keyFile` names another. */
  dataDir: string;
  keyFile?: string;
  /** Environment to read `ANJU_PI_KEY` / `ANJU_PI_INDEX_KEY` from (default process.env). */
  env?: Record<string, string | undefined>;
}

interface KeyFile { format: string; current: string; keys: Record<string, string>; index: string }

function b64u(buf: Buffer): string {
  return buf.toString("base64url");
}

/** 32 bytes as base64, base64url or 64 hex digits. */
function decodeKey(text: string, source: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : /^[A-Za-z0-9+/_-]+=*$/.test(t) ? Buffer.from(t, "base64") : Buffer.alloc(0);
  if (buf.length !== KEY_BYTES) throw PrivacyErrors.PI_KEY_INVALID({ source, reason: `a key must be ${KEY_BYTES} bytes (base64 or hex)` });
  return buf;
}

/** A bare key gets a stable id derived from it, so putting a new bare key first is a rotation. */
function derivedKeyId(key: Buffer): string {
  return "e" + crypto.createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/**
 * `ANJU_PI_KEY`: one key, or `id:key,id:key` with the current key first.
 * `ANJU_PI_INDEX_KEY`: the blind-index key (required with ANJU_PI_KEY).
 */
export function keyringFromEnv(env: Record<string, string | undefined>): Keyring {
  const spec = env.ANJU_PI_KEY!.trim();
  const keys = new Map<string, Buffer>();
  let current = "";
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(":");
    const key = decodeKey(colon > 0 ? part.slice(colon + 1) : part, "ANJU_PI_KEY");
    const id = colon > 0 ? part.slice(0, colon) : derivedKeyId(key);
    if (!KEY_ID_PATTERN.test(id)) throw PrivacyErrors.PI_KEY_INVALID({ source: "ANJU_PI_KEY", reason: `key id "${id}" must match ${KEY_ID_PATTERN.source}` });
    if (keys.has(id)) throw PrivacyErrors.PI_KEY_INVALID({ source: "ANJU_PI_KEY", reason: `key id "${id}" appears twice` });
    keys.set(id, key);
    current ||= id;
  }
  if (!current) throw PrivacyErrors.PI_KEY_INVALID({ source: "ANJU_PI_KEY", reason: "no key given" });
  if (!env.ANJU_PI_INDEX_KEY) throw PrivacyErrors.PI_KEY_INVALID({ source: "ANJU_PI_INDEX_KEY", reason: "required together with ANJU_PI_KEY" });
  const indexKey = decodeKey(env.ANJU_PI_INDEX_KEY, "ANJU_PI_INDEX_KEY");
  if ([...keys.values()].some((k) => k.equals(indexKey))) throw PrivacyErrors.PI_KEY_INVALID({ source: "ANJU_PI_INDEX_KEY", reason: "must differ from every encryption key" });
  return { current, keys, indexKey, source: "env" };
}

function newKeyId(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  return `k${day}${crypto.randomBytes(2).toString("hex")}`;
}

function serialise(ring: { current: string; keys: ReadonlyMap<string, Buffer>; indexKey: Buffer }): string {
  const file: KeyFile = { format: KEY_FILE_FORMAT, current: ring.current, keys: Object.fromEntries([...ring.keys].map(([id, k]) => [id, b64u(k)])), index: b64u(ring.indexKey) };
  return JSON.stringify(file, null, 2) + "\n";
}

/** Write via a temp file and rename, so a crash never leaves half a keyring. */
function writeKeyFile(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600, flag: "wx" });
  fs.renameSync(tmp, file);
}

function checkMode(file: string): void {
  if (process.platform === "win32") return;
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw PrivacyErrors.PI_KEYFILE_INSECURE({ file, mode: "0" + mode.toString(8) });
}

export function readKeyFile(file: string): Keyring {
  checkMode(file);
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  } catch (err) {
    throw PrivacyErrors.PI_KEY_INVALID({ source: file, reason: (err as Error).message });
  }
  if (parsed?.format !== KEY_FILE_FORMAT || typeof parsed.keys !== "object" || parsed.keys === null) {
    throw PrivacyErrors.PI_KEY_INVALID({ source: file, reason: `not a ${KEY_FILE_FORMAT} file` });
  }
  const keys = new Map<string, Buffer>();
  for (const [id, text] of Object.entries(parsed.keys)) {
    if (!KEY_ID_PATTERN.test(id)) throw PrivacyErrors.PI_KEY_INVALID({ source: file, reason: `bad key id "${id}"` });
    keys.set(id, decodeKey(String(text), file));
  }
  if (!keys.has(parsed.current)) throw PrivacyErrors.PI_KEY_INVALID({ source: file, reason: `current key "${parsed.current}" is missing` });
  return { current: parsed.current, keys, indexKey: decodeKey(String(parsed.index ?? ""), file), source: "file", file };
}

/** Create the key file if absent (two processes racing: the loser reads the winner's file). */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const id = newKeyId();
  const content = serialise({ current: id, keys: new Map([[id, crypto.randomBytes(KEY_BYTES)]]), indexKey: crypto.randomBytes(KEY_BYTES) });
  try {
    fs.writeFileSync(file, content, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

export function keyFilePath(options: KeyringOptions): string {
  return options.keyFile ?? path.join(options.dataDir, KEY_FILE_NAME);
}

/** The keyring for this node: the environment wins over the key file. */
export function loadKeyring(options: KeyringOptions): Keyring {
  const env = options.env ?? process.env;
  if (env.ANJU_PI_KEY) return keyringFromEnv(env);
  const file = keyFilePath(options);
  if (!fs.existsSync(file)) createKeyFile(file);
  return readKeyFile(file);
}

/** A new encryption key becomes current; the old ones stay so existing values remain readable. */
export function addKey(ring: Keyring): Keyring {
  if (ring.source !== "file" || !ring.file) throw PrivacyErrors.PI_KEYRING_READONLY();
  let id = newKeyId();
  while (ring.keys.has(id)) id = newKeyId();
  const next = { current: id, keys: new Map([...ring.keys, [id, crypto.randomBytes(KEY_BYTES)]]), indexKey: ring.indexKey };
  writeKeyFile(ring.file, serialise(next));
  return { ...next, source: "file", file: ring.file };
}

/** Drop a key no value uses any more (the caller checks that). */
export function removeKey(ring: Keyring, keyId: string): Keyring {
  if (ring.source !== "file" || !ring.file) throw PrivacyErrors.PI_KEYRING_READONLY();
  const keys = new Map(ring.keys);
  keys.delete(keyId);
  const next = { current: ring.current, keys, indexKey: ring.indexKey };
  writeKeyFile(ring.file, serialise(next));
  return { ...next, source: "file", file: ring.file };
}

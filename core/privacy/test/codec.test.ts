/**
 * Keys and ciphertexts: AES-256-GCM with a fresh IV per value, the key id in every value, keys
 * outside the database (env or a 0600 key file), and a separate HMAC key for blind indexes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blindIndex, decryptField, encryptField, keyIdOf, loadKeyring, PiCodec, readKeyFile, setActivePiCodec, KEY_FILE_NAME } from "../src/index.js";
import { addKey } from "../src/crypto/keyring.js";

const b64 = () => crypto.randomBytes(32).toString("base64url");
let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-pi-")); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function caught(fn: () => unknown): { type?: string; code?: number; messages?: { en: string } } {
  try { fn(); } catch (err) { return err as never; }
  throw new Error("expected an error");
}

describe("key file under the data folder", () => {
  it("is created on first start with mode 0600 and reused afterwards", () => {
    const ring = loadKeyring({ dataDir: dir, env: {} });
    const file = path.join(dir, KEY_FILE_NAME);
    expect(ring.source).toBe("file");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadKeyring({ dataDir: dir, env: {} });
    expect(again.current).toBe(ring.current);
    expect(again.keys.get(ring.current)!.equals(ring.keys.get(ring.current)!)).toBe(true);
    expect(again.indexKey.equals(ring.indexKey)).toBe(true);
    expect(ring.indexKey.equals(ring.keys.get(ring.current)!)).toBe(false);
  });

  it("is refused when group or others can read it", () => {
    loadKeyring({ dataDir: dir, env: {} });
    const file = path.join(dir, KEY_FILE_NAME);
    fs.chmodSync(file, 0o644);
    expect(caught(() => readKeyFile(file))).toMatchObject({ type: "PI_KEYFILE_INSECURE", code: 500 });
  });

  it("is refused when it is not a key file", () => {
    const file = path.join(dir, KEY_FILE_NAME);
    fs.writeFileSync(file, "{\"hello\":1}", { mode: 0o600 });
    expect(caught(() => loadKeyring({ dataDir: dir, env: {} }))).toMatchObject({ type: "PI_KEY_INVALID" });
  });

  it("a new key becomes current and the old values stay readable", () => {
    const codec = new PiCodec(loadKeyring({ dataDir: dir, env: {} }));
    const before = codec.encrypt("phone", "13812341234");
    const oldId = codec.currentKeyId;
    codec.replaceKeyring(addKey(codec.keyring));
    expect(codec.currentKeyId).not.toBe(oldId);
    expect(codec.decrypt("phone", before)).toBe("13812341234");
    expect(keyIdOf(codec.encrypt("phone", "13812341234"))).toBe(codec.currentKeyId);
    // Persisted: a restart reads both keys.
    const reread = loadKeyring({ dataDir: dir, env: {} });
    expect([...reread.keys.keys()].sort()).toEqual([oldId, codec.currentKeyId].sort());
    expect(fs.statSync(path.join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });
});

describe("keys from ANJU_PI_KEY", () => {
  it("takes id:key pairs with the current key first and needs a separate index key", () => {
    const ring = loadKeyring({ dataDir: dir, env: { ANJU_PI_KEY: `k2:${b64()},k1:${b64()}`, ANJU_PI_INDEX_KEY: b64() } });
    expect(ring).toMatchObject({ source: "env", current: "k2" });
    expect([...ring.keys.keys()]).toEqual(["k2", "k1"]);
    expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
  });

  it("gives a bare key a stable id derived from it", () => {
    const key = crypto.randomBytes(32).toString("hex");
    const a = loadKeyring({ dataDir: dir, env: { ANJU_PI_KEY: key, ANJU_PI_INDEX_KEY: b64() } });
    const b = loadKeyring({ dataDir: dir, env: { ANJU_PI_KEY: key, ANJU_PI_INDEX_KEY: b64() } });
    expect(a.current).toMatch(/^e[0-9a-f]{8}$/);
    expect(a.current).toBe(b.current);
  });

  it.each([
    ["short key", { ANJU_PI_KEY: "k1:c2hvcnQ", ANJU_PI_INDEX_KEY: b64() }],
    ["no index key", { ANJU_PI_KEY: `k1:${b64()}` }],
    ["index key equal to a value key", (() => { const k = b64(); return { ANJU_PI_KEY: `k1:${k}`, ANJU_PI_INDEX_KEY: k }; })()],
    ["bad key id", { ANJU_PI_KEY: `k:1:${b64()}`, ANJU_PI_INDEX_KEY: b64() }],
    ["duplicate key id", { ANJU_PI_KEY: `k1:${b64()},k1:${b64()}`, ANJU_PI_INDEX_KEY: b64() }],
  ])("refuses a keyring with a %s", (_why, env) => {
    expect(caught(() => loadKeyring({ dataDir: dir, env }))).toMatchObject({ type: "PI_KEY_INVALID", code: 500 });
  });
});

describe("PiCodec", () => {
  const codec = () => new PiCodec(loadKeyring({ dataDir: dir, env: {} }));

  it("stores v1:<keyId>:<iv>:<ciphertext>:<tag> and reads the plaintext back", () => {
    const c = codec();
    for (const [kind, value] of [["idNumber", "11010519491231001X"], ["name", "欧阳娜娜"], ["address", "安徽省合肥市蜀山区长江西路123号"], ["name", ""]] as const) {
      const stored = c.encrypt(kind, value);
      expect(stored).toMatch(new RegExp(`^v1:${c.currentKeyId}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]*:[A-Za-z0-9_-]{22}$`));
      expect(stored).not.toContain(value || "\u0000");
      expect(c.decrypt(kind, stored)).toBe(value);
    }
  });

  it("uses a fresh IV per value: the same phone twice gives two different texts", () => {
    const c = codec();
    const a = c.encrypt("phone", "13812341234");
    const b = c.encrypt("phone", "13812341234");
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
  });

  it("refuses a tampered value, a value moved to a column of another kind, and an unknown key", () => {
    const c = codec();
    const stored = c.encrypt("idNumber", "11010519491231001X");
    const parts = stored.split(":");
    const ct = Buffer.from(parts[3], "base64url");
    ct[0] ^= 1;
    const tampered = [...parts.slice(0, 3), ct.toString("base64url"), parts[4]].join(":");
    expect(caught(() => c.decrypt("idNumber", tampered))).toMatchObject({ type: "PI_DECRYPT_FAILED" });
    expect(caught(() => c.decrypt("phone", stored))).toMatchObject({ type: "PI_DECRYPT_FAILED" });
    expect(caught(() => c.decrypt("idNumber", stored.replace(`v1:${c.currentKeyId}:`, "v1:other:")))).toMatchObject({ type: "PI_KEY_UNKNOWN" });
    expect(caught(() => c.decrypt("idNumber", "13812341234"))).toMatchObject({ type: "PI_CIPHERTEXT_INVALID" });
  });

  it("refuses values longer than the kind allows", () => {
    expect(caught(() => codec().encrypt("phone", "1".repeat(33)))).toMatchObject({ type: "PI_VALUE_INVALID", code: 422 });
    // 20 "characters", but each family emoji is 25 bytes: would not fit the column once encrypted.
    expect(caught(() => codec().encrypt("name", "👨‍👩‍👧‍👦".repeat(20)))).toMatchObject({ type: "PI_VALUE_INVALID", code: 422 });
  });

  it("blind index: equal for the same value in any notation, different across kinds and keys", () => {
    const c = codec();
    const phone = c.blindIndex("phone", "13812341234");
    expect(phone).toMatch(/^b1:[A-Za-z0-9_-]{43}$/);
    expect(c.blindIndex("phone", "+86 138-1234-1234")).toBe(phone);
    expect(c.blindIndex("phone", "138 1234 1234")).toBe(phone);
    expect(c.blindIndex("idNumber", "11010519491231001x")).toBe(c.blindIndex("idNumber", "110105 19491231 001X"));
    expect(c.blindIndex("plate", "皖a·d12345")).toBe(c.blindIndex("plate", "皖AD12345"));
    expect(c.blindIndex("idNumber", "13812341234")).not.toBe(phone);
    expect(c.blindIndex("phone", "abc")).toBeNull();
    const other = new PiCodec(loadKeyring({ dataDir: fs.mkdtempSync(path.join(dir, "b-")), env: {} }));
    expect(other.blindIndex("phone", "13812341234")).not.toBe(phone);
  });
});

describe("field functions on the active keyring", () => {
  it("refuse to work before keys are loaded, then use the loaded keyring", () => {
    setActivePiCodec(null);
    expect(caught(() => encryptField("phone", "13812341234"))).toMatchObject({ type: "PI_KEYS_NOT_LOADED", code: 500 });
    const codec = new PiCodec(loadKeyring({ dataDir: dir, env: {} }));
    setActivePiCodec(codec);
    try {
      const stored = encryptField("phone", "13812341234");
      expect(keyIdOf(stored)).toBe(codec.currentKeyId);
      expect(decryptField("phone", stored)).toBe("13812341234");
      expect(blindIndex("phone", "138 1234 1234")).toBe(codec.blindIndex("phone", "13812341234"));
    } finally {
      setActivePiCodec(null);
    }
  });
});

/** Where the chain's HMAC key comes from: never the database. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KEY_FILE_NAME, parseKey, resolveKeyring } from "../src/keys.js";

describe("audit key", () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "anju-audit-key-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("without configuration, a key is generated once in the data folder (mode 0600) and reused", () => {
    const dir = tmp();
    const a = resolveKeyring({}, {}, dir);
    const file = path.join(dir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveKeyring({}, {}, dir).current.id).toBe(a.current.id);
  });

  it("ANJU_AUDIT_KEY or ANJU_AUDIT_KEY_FILE wins over the data folder; the option wins over both", () => {
    const dir = tmp();
    const hex = "5a".repeat(32);
    const keyFile = path.join(dir, "k");
    fs.writeFileSync(keyFile, `${"6b".repeat(32)}\n`);
    expect(resolveKeyring({}, { ANJU_AUDIT_KEY: hex }, dir).current.id).toBe(parseKey(hex, "t").id);
    expect(resolveKeyring({}, { ANJU_AUDIT_KEY_FILE: keyFile }, dir).current.id).toBe(parseKey("6b".repeat(32), "t").id);
    expect(resolveKeyring({ key: "7c".repeat(32) }, { ANJU_AUDIT_KEY: hex }, dir).current.id).toBe(parseKey("7c".repeat(32), "t").id);
    expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
  });

  it("a short or malformed key is refused with AUDIT_KEY_INVALID", () => {
    for (const bad of ["abcd", "not a key!", "0".repeat(62)]) {
      expect(() => parseKey(bad, "ANJU_AUDIT_KEY")).toThrow(expect.objectContaining({ type: "AUDIT_KEY_INVALID" }));
    }
    expect(() => resolveKeyring({}, { ANJU_AUDIT_KEY_FILE: "/nonexistent/key" }, tmp())).toThrow(expect.objectContaining({ type: "AUDIT_KEY_INVALID" }));
  });

  it("previous keys join the keyring for verification (rotation); base64 keys are accepted", () => {
    const b64 = Buffer.alloc(32, 9).toString("base64");
    const ring = resolveKeyring({ key: b64, previousKeys: ["5a".repeat(32)] }, {}, tmp());
    expect(ring.byId.size).toBe(2);
    expect(ring.current.id).toMatch(/^[0-9a-f]{16}$/);
  });
});

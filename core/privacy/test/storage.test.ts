/**
 * PI at rest and in APIs, through a plugin that uses the package as documented (fixture
 * `pi-residents`): declared fields are encrypted with the key outside the database, a raw dump
 * shows no ID numbers or phones, lookups go through the blind index, APIs mask by default and
 * unmasking needs `pi:unmask`, is audited every time and is never cached (H11, PIPL).
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { asSystem } from "@anju/data";
import { testDbKinds } from "@anju/kernel/testing";
import { PrivacyActions, PrivacyPermissions, keyIdOf } from "../src/index.js";
import { callWithHeaders, officerGrants, rejectionOf, TREE, user, usePrivacyHost } from "./helpers.js";

const PURPOSE = "residence-registration";
const RESIDENT = {
  subjectId: "r-1",
  room: "2-301",
  name: "欧阳娜娜",
  phone: "13812341234",
  idNumber: "11010519491231001X",
  plate: "皖AD12345",
  faceRef: "face-tpl-000123-ab12",
  address: "安徽省合肥市蜀山区长江西路123号2栋301室",
};
const SECOND = { subjectId: "r-2", room: "2-302", name: "张三", phone: "13987654321", idNumber: "340104198001011234", plate: "皖A54321" };
/** Plaintexts that must never reach the database. */
const SECRETS = [RESIDENT.phone, RESIDENT.idNumber, "19491231", RESIDENT.name, "长江西路", "D12345", SECOND.phone, SECOND.idNumber];

const officer = user("officer", TREE.shushan);
const security = user("secadmin", TREE.province);

describe.each(testDbKinds())("PI fields at rest and in APIs (%s)", (db) => {
  const ctx = usePrivacyHost(db);

  async function register(resident: Record<string, unknown>, kinds = ["phone", "idNumber", "faceTemplateRef"]) {
    await ctx.host.call(PrivacyActions.consentsRecord, { subjectId: resident.subjectId, purpose: PURPOSE, kinds }, officer);
    return ctx.host.call<Record<string, unknown> & { id: number }>("pi-residents.create", resident, officer);
  }

  function rawRows(): Promise<Array<Record<string, unknown>>> {
    return asSystem("test dump", () => ctx.host.ds.query("SELECT * FROM pi_resident ORDER BY id"));
  }

  it("a raw SELECT * shows no plaintext ID numbers, phones or names — only v1:<keyId> ciphertexts and blind indexes", async () => {
    ctx.grants.set("officer", officerGrants());
    await register(RESIDENT);
    await register(SECOND, ["phone", "idNumber"]);
    const rows = await rawRows();
    expect(rows).toHaveLength(2);
    const dump = JSON.stringify(rows);
    for (const secret of SECRETS) expect(dump, secret).not.toContain(secret);
    for (const column of ["name", "phone", "id_number", "plate", "face_ref", "address"]) {
      expect(String(rows[0][column]), column).toMatch(/^v1:[A-Za-z0-9_-]+:/);
    }
    expect(String(rows[0].phone_bidx)).toMatch(/^b1:[A-Za-z0-9_-]{43}$/);
    expect(rows[0].phone_bidx).not.toBe(rows[1].phone_bidx);
    // The audit trail names records and kinds, never the values.
    for (const secret of SECRETS) expect(JSON.stringify(ctx.audit), secret).not.toContain(secret);
  });

  if (db === "sqlite") {
    it("the SQLite database files hold no plaintext ID numbers or phones (file bytes, WAL included)", async () => {
      ctx.grants.set("officer", officerGrants());
      await register(RESIDENT);
      await register(SECOND, ["phone", "idNumber"]);
      const file = ctx.t.db!.url.slice("sqlite:".length);
      const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
      expect(bytes.length).toBeGreaterThan(0);
      for (const secret of SECRETS) expect(bytes.includes(Buffer.from(secret, "utf8")), secret).toBe(false);
      // Sanity: the probe would see plaintext if it were there (the room number is not PI).
      expect(bytes.includes(Buffer.from("2-301", "utf8"))).toBe(true);
    });
  }

  it("APIs mask by default: ID 110***********001X, phone 138****1234, plate 皖A·****45, name 欧阳**", async () => {
    ctx.grants.set("officer", officerGrants());
    const created = await register(RESIDENT);
    expect(created).toMatchObject({
      name: "欧阳**", phone: "138****1234", idNumber: "110***********001X", plate: "皖A·****45",
      faceRef: "****ab12", address: "安徽省合肥市蜀山区****", room: "2-301",
    });
    expect(created).not.toHaveProperty("phoneBidx");
    const got = await ctx.host.call<Record<string, unknown>>("pi-residents.get", { id: created.id }, officer);
    expect(got).toMatchObject({ phone: "138****1234", idNumber: "110***********001X" });
  });

  it("finds a resident by phone or plate in any notation through the blind index, only in the caller's subtree", async () => {
    ctx.grants.set("officer", officerGrants());
    await register(RESIDENT);
    await register(SECOND, ["phone", "idNumber"]);
    const byPhone = await ctx.host.call<Array<Record<string, unknown>>>("pi-residents.findByPhone", { phone: "+86 138-1234-1234" }, officer);
    expect(byPhone.map((r) => r.subjectId)).toEqual(["r-1"]);
    const byPlate = await ctx.host.call<Array<Record<string, unknown>>>("pi-residents.findByPlate", { plate: "皖a·d12345" }, officer);
    expect(byPlate.map((r) => r.subjectId)).toEqual(["r-1"]);
    const elsewhere = await ctx.host.call<unknown[]>("pi-residents.findByPhone", { phone: "13812341234" }, user("other", TREE.tongling));
    expect(elsewhere).toEqual([]);
    const nothing = await rejectionOf(ctx.host.call("pi-residents.findByPhone", { phone: "no digits" }, officer));
    expect(nothing).toMatchObject({ type: "PI_VALUE_INVALID", code: 422 });
  });

  it("the longest values a plugin accepts fit their encrypted columns and read back intact", async () => {
    ctx.grants.set("officer", officerGrants(true));
    const longest = {
      subjectId: "r-long", room: "9-999", name: "𠮷".repeat(64), phone: "1".repeat(32), idNumber: "X".repeat(32),
      plate: "皖".repeat(16), faceRef: "f".repeat(128), address: "安".repeat(300),
    };
    const r = await register(longest);
    const plain = await ctx.host.call<Record<string, unknown>>("pi-residents.get", { id: r.id, unmask: true }, officer);
    expect(plain).toMatchObject(longest);
  });

  it("an update re-encrypts the value and moves its blind index with it", async () => {
    ctx.grants.set("officer", officerGrants());
    const r = await register(RESIDENT);
    await ctx.host.call("pi-residents.update", { id: r.id, phone: "13700001111" }, officer);
    expect(await ctx.host.call("pi-residents.findByPhone", { phone: "13812341234" }, officer)).toEqual([]);
    const found = await ctx.host.call<Array<Record<string, unknown>>>("pi-residents.findByPhone", { phone: "137 0000 1111" }, officer);
    expect(found.map((x) => x.phone)).toEqual(["137****1111"]);
    expect(JSON.stringify(await rawRows())).not.toContain("13700001111");
  });

  it("unmasking without pi:unmask is refused (403 FORBIDDEN) and the denial is audited", async () => {
    ctx.grants.set("officer", officerGrants(false));
    const r = await register(RESIDENT);
    const err = await rejectionOf(ctx.host.call("pi-residents.get", { id: r.id, unmask: true }, officer));
    expect(err).toMatchObject({ type: "FORBIDDEN", code: 403 });
    const denial = ctx.audit.find((e) => e.result === "denied");
    expect(denial).toMatchObject({ userId: "officer", jurisdiction: TREE.shushan, detail: { permission: "pi:unmask" } });
    expect(ctx.audit.some((e) => e.action === "privacy.unmask" && e.result === "success")).toBe(false);
  });

  it("unmasking with pi:unmask returns plaintext with Cache-Control: no-store, and every view is audited (nothing cached)", async () => {
    ctx.grants.set("officer", officerGrants(true));
    const r = await register(RESIDENT);
    for (let i = 0; i < 2; i++) {
      const { result, headers } = await callWithHeaders<Record<string, unknown>>(ctx.host, officer, "pi-residents.get", { id: r.id, unmask: true });
      expect(result).toMatchObject({ phone: RESIDENT.phone, idNumber: RESIDENT.idNumber, name: RESIDENT.name, plate: RESIDENT.plate, address: RESIDENT.address });
      expect(headers["Cache-Control"]).toBe("no-store");
    }
    const views = ctx.audit.filter((e) => e.action === "privacy.unmask" && e.result === "success");
    expect(views).toHaveLength(12); // 6 fields × 2 views
    expect(views[0]).toMatchObject({ userId: "officer", jurisdiction: TREE.shushan, object: `PiResident:${r.id}#name`, detail: { entity: "PiResident", kind: "name" } });
    for (const secret of SECRETS) expect(JSON.stringify(ctx.audit)).not.toContain(secret);
  });

  it("privacy.reveal shows one declared field, audited and uncached; other jurisdictions get 404", async () => {
    ctx.grants.set("officer", officerGrants(true));
    ctx.grants.set("other", [PrivacyPermissions.unmask]);
    const r = await register(RESIDENT);
    const { result, headers } = await callWithHeaders<{ value: string }>(ctx.host, officer, PrivacyActions.reveal, { entity: "PiResident", field: "idNumber", id: r.id });
    expect(result.value).toBe(RESIDENT.idNumber);
    expect(headers).toMatchObject({ "Cache-Control": "no-store", Pragma: "no-cache" });
    expect(ctx.audit.filter((e) => e.action === "privacy.unmask")).toHaveLength(1);
    const other = await rejectionOf(ctx.host.call(PrivacyActions.reveal, { entity: "PiResident", field: "idNumber", id: r.id }, user("other", TREE.tongling)));
    expect(other).toMatchObject({ type: "PI_RECORD_NOT_FOUND", code: 404 });
    const room = await rejectionOf(ctx.host.call(PrivacyActions.reveal, { entity: "PiResident", field: "room", id: r.id }, officer));
    expect(room).toMatchObject({ type: "PI_FIELD_NOT_FOUND", code: 404 });
    const bad = await rejectionOf(ctx.host.call(PrivacyActions.reveal, { entity: "PiResident; DROP TABLE x", field: "idNumber", id: r.id }, officer));
    expect(bad).toMatchObject({ type: "VALIDATION_FAILED", code: 422 });
    ctx.grants.set("officer", officerGrants(false));
    const denied = await rejectionOf(ctx.host.call(PrivacyActions.reveal, { entity: "PiResident", field: "idNumber", id: 999 }, officer));
    expect(denied).toMatchObject({ type: "FORBIDDEN" }); // refused before the lookup: no hint whether 999 exists
  });

  it("sensitive PI is not stored without consent (CONSENT_REQUIRED, nothing written); non-sensitive PI needs none", async () => {
    ctx.grants.set("officer", officerGrants());
    const err = await rejectionOf(ctx.host.call("pi-residents.create", RESIDENT, officer));
    expect(err).toMatchObject({ type: "CONSENT_REQUIRED", code: 403 });
    expect(err.messages.en).toContain("ID card number");
    expect(err.messages["zh-CN"]).toContain("身份证号码");
    expect(await rawRows()).toHaveLength(0);
    // Consent for another purpose does not count.
    await ctx.host.call(PrivacyActions.consentsRecord, { subjectId: "r-1", purpose: "parking", kinds: ["phone", "idNumber", "faceTemplateRef"] }, officer);
    expect(await rejectionOf(ctx.host.call("pi-residents.create", RESIDENT, officer))).toMatchObject({ type: "CONSENT_REQUIRED" });
    const plain = await ctx.host.call<Record<string, unknown>>("pi-residents.create", { subjectId: "r-9", room: "1-101", name: "李四", address: "安徽省合肥市蜀山区某路1号" }, officer);
    expect(plain).toMatchObject({ name: "李*" });
  });

  it("key rotation re-encrypts every value under a new key id; reads and lookups keep working; the old key can then be retired", async () => {
    ctx.grants.set("officer", officerGrants(true));
    ctx.grants.set("secadmin", [PrivacyPermissions.keysManage]);
    await register(RESIDENT);
    await register(SECOND, ["phone", "idNumber"]);
    const oldKey = keyIdOf(String((await rawRows())[0].phone))!;
    const denied = await rejectionOf(ctx.host.call(PrivacyActions.keysRotate, {}, officer));
    expect(denied).toMatchObject({ type: "FORBIDDEN" });

    const report = await ctx.host.call<{ keyId: string; previousKeyId: string; total: number }>(PrivacyActions.keysRotate, {}, security);
    expect(report.previousKeyId).toBe(oldKey);
    expect(report.keyId).not.toBe(oldKey);
    expect(report.total).toBe(6 + 4); // r-1: six PI fields; r-2: name, phone, idNumber, plate
    for (const row of await rawRows()) {
      for (const c of ["name", "phone", "id_number", "plate"]) expect(keyIdOf(String(row[c])), c).toBe(report.keyId);
    }
    const [first] = await ctx.host.call<Array<{ id: number }>>("pi-residents.findByPhone", { phone: RESIDENT.phone }, officer);
    const plain = await ctx.host.call<Record<string, unknown>>("pi-residents.get", { id: first.id, unmask: true }, officer);
    expect(plain).toMatchObject({ phone: RESIDENT.phone, idNumber: RESIDENT.idNumber });

    const status = await ctx.host.call<{ current: string; keys: Array<{ id: string; values: number }> }>(PrivacyActions.keysStatus, {}, security);
    expect(status.current).toBe(report.keyId);
    expect(status.keys.find((k) => k.id === oldKey)?.values).toBe(0);
    expect(await rejectionOf(ctx.host.call(PrivacyActions.keysRetire, { keyId: report.keyId }, security))).toMatchObject({ type: "PI_KEY_IN_USE", code: 409 });
    expect(await ctx.host.call(PrivacyActions.keysRetire, { keyId: oldKey }, security)).toEqual({ retired: oldKey });
    expect(ctx.audit.map((e) => e.action)).toEqual(expect.arrayContaining(["privacy.keys.rotate", "privacy.keys.retire"]));
  });

  it("rotation also encrypts and indexes values that were stored in plaintext before the field was declared", async () => {
    ctx.grants.set("officer", officerGrants());
    ctx.grants.set("secadmin", [PrivacyPermissions.keysManage]);
    const r = await register(SECOND, ["phone", "idNumber"]);
    await asSystem("simulate legacy data", () => ctx.host.ds.query("UPDATE pi_resident SET phone = ?, phone_bidx = NULL WHERE id = ?", ["13900000000", r.id]));
    await ctx.host.call(PrivacyActions.keysRotate, {}, security);
    const [row] = await rawRows();
    expect(String(row.phone)).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain("13900000000");
    const found = await ctx.host.call<Array<{ phone: string }>>("pi-residents.findByPhone", { phone: "13900000000" }, officer);
    expect(found.map((f) => f.phone)).toEqual(["139****0000"]);
  });
});

describe.each(testDbKinds())("unmask without the audit or RBAC service (%s)", (db) => {
  const ctx = usePrivacyHost(db, { audit: false, rbac: false });

  it("falls back to the roles on the principal (community police may unmask, property operators may not) and tolerates an absent audit service", async () => {
    const police = user("police", TREE.shushan, ["community-police"]);
    const operator = user("operator", TREE.shushan, ["property-operator"]);
    await ctx.host.call(PrivacyActions.consentsRecord, { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone", "idNumber", "faceTemplateRef"] }, operator);
    const r = await ctx.host.call<{ id: number }>("pi-residents.create", RESIDENT, operator);
    expect(await rejectionOf(ctx.host.call("pi-residents.get", { id: r.id, unmask: true }, operator))).toMatchObject({ type: "FORBIDDEN" });
    const plain = await ctx.host.call<Record<string, unknown>>("pi-residents.get", { id: r.id, unmask: true }, police);
    expect(plain.idNumber).toBe(RESIDENT.idNumber);
    // No roles at all: fail closed.
    expect(await rejectionOf(ctx.host.call(PrivacyActions.consentsList, {}, user("nobody", TREE.shushan)))).toMatchObject({ type: "FORBIDDEN" });
  });
});

describe.each(testDbKinds())("unmask when the audit service fails (%s)", (db) => {
  const ctx = usePrivacyHost(db, { audit: "failing" });

  it("refuses to reveal (503 AUDIT_UNAVAILABLE): no view goes unrecorded", async () => {
    ctx.grants.set("officer", officerGrants(true));
    await ctx.host.call(PrivacyActions.consentsRecord, { subjectId: "r-1", purpose: PURPOSE, kinds: ["phone", "idNumber", "faceTemplateRef"] }, officer);
    const r = await ctx.host.call<{ id: number }>("pi-residents.create", RESIDENT, officer);
    const err = await rejectionOf(ctx.host.call("pi-residents.get", { id: r.id, unmask: true }, officer));
    expect(err).toMatchObject({ type: "AUDIT_UNAVAILABLE", code: 503 });
  });
});

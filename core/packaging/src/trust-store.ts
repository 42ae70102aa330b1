/**
 * The host's trusted vendor keys, in its database. Adding, re-trusting and removing (revoking)
 * keys is audited, refusals included. A vendor may have several keys (rotation); removing a
 * vendor revokes all its keys at once.
 */
import type { DataSource } from "typeorm";
import { dbTimestamp } from "@anju/data";
import type { Actor, AuditEvent } from "@anju/kernel";
import { TRUST_TABLE, TrustAuditActions, VENDOR_PATTERN } from "./constants.js";
import { PackagingErrors } from "./errors.js";
import { fingerprintOf, publicKeyFrom, publicPemOf } from "./keys.js";
import type { TrustedKey, TrustLookup } from "./verify.js";

export interface TrustedKeyInfo extends TrustedKey {
  addedBy: string;
  addedAt: string;
  revokedBy: string | null;
}

interface Row { fingerprint: string; vendor: string; public_key: string; added_by: string; added_at: string | Date; revoked_by: string | null; revoked_at: string | Date | null }

function iso(v: string | Date | null): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(`${String(v).replace(" ", "T")}Z`);
  return d.toISOString();
}

function toInfo(r: Row): TrustedKeyInfo {
  return {
    vendor: r.vendor, fingerprint: r.fingerprint, publicKeyPem: r.public_key,
    addedBy: r.added_by, addedAt: iso(r.added_at)!, revokedBy: r.revoked_by, revokedAt: iso(r.revoked_at),
  };
}

export class TrustStore implements TrustLookup {
  constructor(private readonly ds: DataSource, private readonly audit: (e: AuditEvent) => Promise<void>) {}

  async keyByFingerprint(fingerprint: string): Promise<TrustedKeyInfo | undefined> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM ${TRUST_TABLE} WHERE fingerprint = ?`, [fingerprint]);
    return rows[0] ? toInfo(rows[0]) : undefined;
  }

  /** Every key, trusted ones first, then by vendor. */
  async list(): Promise<TrustedKeyInfo[]> {
    const rows: Row[] = await this.ds.query(`SELECT * FROM ${TRUST_TABLE} ORDER BY vendor, added_at`);
    return rows.map(toInfo).sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt));
  }

  private async audited<T>(action: string, vendor: string, actor: Actor, detail: Record<string, unknown>, fn: () => Promise<T & { fingerprints?: string[] }>): Promise<T> {
    const record = (result: AuditEvent["result"], extra: Record<string, unknown>) =>
      this.audit({ action, object: vendor, result, userId: actor.userId, ip: actor.ip ?? null, jurisdiction: null, detail: { ...detail, ...extra } });
    let value: T & { fingerprints?: string[] };
    try {
      value = await fn();
    } catch (err) {
      await record("failure", { error: (err as { type?: string }).type ?? "INTERNAL" });
      throw err;
    }
    const { fingerprints, ...rest } = value;
    await record("success", fingerprints ? { fingerprints } : {});
    return rest as T;
  }

  /** Trust `publicKeyPem` for `vendor`; a key revoked earlier may be trusted again, explicitly. */
  async add(vendor: string, publicKeyPem: string, actor: Actor): Promise<TrustedKeyInfo> {
    return this.audited(TrustAuditActions.add, vendor, actor, {}, async () => {
      if (!VENDOR_PATTERN.test(vendor)) throw PackagingErrors.VENDOR_INVALID({ vendor });
      const key = publicKeyFrom(publicKeyPem);
      const fingerprint = fingerprintOf(key);
      const existing = await this.keyByFingerprint(fingerprint);
      if (existing && !existing.revokedAt) throw PackagingErrors.TRUST_KEY_EXISTS({ vendor: existing.vendor, fingerprint });
      await this.ds.transaction(async (m) => {
        await m.query(`DELETE FROM ${TRUST_TABLE} WHERE fingerprint = ?`, [fingerprint]);
        await m.query(`INSERT INTO ${TRUST_TABLE} (fingerprint, vendor, public_key, added_by, added_at) VALUES (?, ?, ?, ?, ?)`,
          [fingerprint, vendor, publicPemOf(key), actor.userId ?? "system", dbTimestamp()]);
      });
      return { ...(await this.keyByFingerprint(fingerprint))!, fingerprints: [fingerprint] };
    });
  }

  /** Revoke every trusted key of `vendor` (or just the one with `fingerprint`). */
  async remove(vendor: string, actor: Actor, fingerprint?: string): Promise<{ vendor: string; revoked: string[] }> {
    return this.audited(TrustAuditActions.remove, vendor, actor, fingerprint ? { fingerprint } : {}, async () => {
      const active: Row[] = await this.ds.query(`SELECT * FROM ${TRUST_TABLE} WHERE vendor = ? AND revoked_at IS NULL`, [vendor]);
      const revoked = active.map((r) => r.fingerprint).filter((f) => !fingerprint || f === fingerprint);
      if (!revoked.length) throw PackagingErrors.TRUST_VENDOR_NOT_FOUND({ vendor });
      await this.ds.transaction(async (m) => {
        for (const f of revoked) await m.query(`UPDATE ${TRUST_TABLE} SET revoked_at = ?, revoked_by = ? WHERE fingerprint = ?`, [dbTimestamp(), actor.userId ?? "system", f]);
      });
      return { vendor, revoked, fingerprints: revoked };
    });
  }
}

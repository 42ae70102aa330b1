/**
 * Consent records (PIPL art. 14–16, H11): who agreed, to which purpose, for which kinds of PI,
 * when, and when they withdrew. Sensitive PI may be stored only under an active consent
 * (`requireConsent`); withdrawing erases the subject's fields that no other consent covers.
 */
import crypto from "node:crypto";
import { IsNull, Not, type DataSource } from "typeorm";
import { withTenantScope } from "@anju/data";
import { PrivacyErrors } from "../errors.js";
import { PI_KIND_NAMES, PI_KINDS, type PiKind } from "../kinds.js";
import { ConsentEntity, type ConsentRow } from "../entities.js";
import { pageOptions, scopedRepo, type Paging, type ScopedRepo } from "../scope.js";
import { erasureHandlers } from "./erasure.js";

export interface Consent {
  id: string;
  jurisdiction: string;
  subjectId: string;
  purpose: string;
  purposeText: string | null;
  kinds: PiKind[];
  evidence: string | null;
  grantedAt: string;
  recordedBy: string;
  active: boolean;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  erasedRows: number | null;
}

export interface ConsentInput {
  subjectId: string;
  /** Purpose code, e.g. "access-control" (what the plugin stores the PI for). */
  purpose: string;
  purposeText?: string;
  kinds: PiKind[];
  /** Reference to the signed form or the app record that holds the consent itself. */
  evidence?: string;
  /** When the subject agreed (default now; never in the future). */
  grantedAt?: Date;
  /** Inside the caller's subtree (default: the caller's jurisdiction); required for the system. */
  jurisdiction?: string;
}

export interface WithdrawalResult { consent: Consent; erasedKinds: PiKind[]; erasedRows: Record<string, number> }

/** Comma list in the canonical kind order, so equal sets are equal strings. */
export function encodeKinds(kinds: readonly PiKind[]): string {
  return PI_KINDS.filter((k) => kinds.includes(k)).join(",");
}

export function decodeKinds(text: string | null): PiKind[] {
  return text ? (text.split(",").filter((k) => (PI_KINDS as readonly string[]).includes(k)) as PiKind[]) : [];
}

function toConsent(r: ConsentRow): Consent {
  return {
    id: r.id, jurisdiction: r.jurisdictionCode, subjectId: r.subjectId, purpose: r.purpose, purposeText: r.purposeText,
    kinds: decodeKinds(r.kinds), evidence: r.evidence, grantedAt: new Date(r.grantedAt).toISOString(), recordedBy: r.recordedBy,
    active: r.withdrawnAt === null, withdrawnAt: r.withdrawnAt ? new Date(r.withdrawnAt).toISOString() : null,
    withdrawnBy: r.withdrawnBy, erasedRows: r.erasedRows,
  };
}

const CLOCK_SKEW_MS = 5 * 60_000;

export class ConsentStore {
  private readonly repo: ScopedRepo<ConsentRow>;

  /** `jurisdiction` null: the system principal (sees every jurisdiction). */
  constructor(private readonly ds: DataSource, jurisdiction: string | null) {
    this.repo = scopedRepo(ds, ConsentEntity, jurisdiction);
  }

  async record(input: ConsentInput, actor: string): Promise<Consent> {
    const kinds = decodeKinds(encodeKinds(input.kinds));
    if (kinds.length === 0) throw PrivacyErrors.CONSENT_INVALID({ reason: "kinds 不能为空 / no kinds given" });
    const grantedAt = input.grantedAt ?? new Date();
    if (grantedAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw PrivacyErrors.CONSENT_INVALID({ reason: "grantedAt 在将来 / grantedAt is in the future" });
    const now = new Date();
    const row = await this.repo.insert({
      id: crypto.randomUUID(), subjectId: input.subjectId, purpose: input.purpose, purposeText: input.purposeText ?? null,
      kinds: encodeKinds(kinds), evidence: input.evidence ?? null, grantedAt, recordedBy: actor,
      withdrawnAt: null, withdrawnBy: null, erasedRows: null, createdAt: now,
      ...(input.jurisdiction ? { jurisdictionCode: input.jurisdiction } : {}),
    });
    return toConsent(row);
  }

  async get(id: string): Promise<Consent> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw PrivacyErrors.CONSENT_NOT_FOUND({ id });
    return toConsent(row);
  }

  async list(filter: { subjectId?: string; purpose?: string; active?: boolean } & Paging): Promise<{ items: Consent[]; total: number; page: number; pageSize: number }> {
    const { skip, take, page, pageSize } = pageOptions(filter);
    const where: Record<string, unknown> = {};
    if (filter.subjectId) where.subjectId = filter.subjectId;
    if (filter.purpose) where.purpose = filter.purpose;
    if (filter.active !== undefined) where.withdrawnAt = filter.active ? IsNull() : Not(IsNull());
    const [rows, total] = await this.repo.findAndCount({ where: where as never, order: { grantedAt: "DESC", id: "ASC" }, skip, take });
    return { items: rows.map(toConsent), total, page, pageSize };
  }

  /** Which of `kinds` an active consent of the subject for `purpose` covers, and which it does not. */
  async check(subjectId: string, purpose: string, kinds: readonly PiKind[]): Promise<{ ok: boolean; missing: PiKind[] }> {
    const active = await this.repo.find({ where: { subjectId, purpose, withdrawnAt: IsNull() } as never });
    const covered = new Set(active.flatMap((r) => decodeKinds(r.kinds)));
    const missing = decodeKinds(encodeKinds(kinds)).filter((k) => !covered.has(k));
    return { ok: missing.length === 0, missing };
  }

  /** Refuse with CONSENT_REQUIRED unless an active consent covers every kind. */
  async requireConsent(subjectId: string, purpose: string, kinds: readonly PiKind[]): Promise<void> {
    const { missing } = await this.check(subjectId, purpose, kinds);
    if (missing.length) {
      throw PrivacyErrors.CONSENT_REQUIRED({
        subjectId, purpose, missing,
        missingZh: missing.map((k) => PI_KIND_NAMES[k]["zh-CN"]).join("、"),
        missingEn: missing.map((k) => PI_KIND_NAMES[k].en).join(", "),
      });
    }
  }

  /**
   * Withdraw and erase, in one transaction: the kinds of this consent that no other active
   * consent of the subject (any purpose, same jurisdiction) still covers are erased by every
   * registered handler. A handler failing undoes the withdrawal (ERASURE_FAILED).
   */
  async withdraw(id: string, actor: string): Promise<WithdrawalResult> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw PrivacyErrors.CONSENT_NOT_FOUND({ id });
    if (row.withdrawnAt) throw PrivacyErrors.CONSENT_ALREADY_WITHDRAWN({ id, withdrawnAt: new Date(row.withdrawnAt).toISOString() });
    const jurisdiction = row.jurisdictionCode;
    const others = (await scopedRepo(this.ds, ConsentEntity, jurisdiction).find({ where: { subjectId: row.subjectId, withdrawnAt: IsNull() } as never }))
      .filter((r) => r.id !== row.id && r.jurisdictionCode === jurisdiction);
    const stillCovered = new Set(others.flatMap((r) => decodeKinds(r.kinds)));
    const erasedKinds = decodeKinds(row.kinds).filter((k) => !stillCovered.has(k));
    const erasedRows: Record<string, number> = {};
    const withdrawnAt = new Date();
    await this.ds.transaction((manager) => withTenantScope(jurisdiction, async () => {
      if (erasedKinds.length) {
        for (const [name, handler] of erasureHandlers()) {
          try {
            erasedRows[name] = (await handler({ manager, consentId: row.id, subjectId: row.subjectId, purpose: row.purpose, kinds: erasedKinds, jurisdiction })) ?? 0;
          } catch (err) {
            throw PrivacyErrors.ERASURE_FAILED({ handler: name, reason: (err as Error).message });
          }
        }
      }
      const total = Object.values(erasedRows).reduce((a, b) => a + b, 0);
      await manager.createQueryBuilder().update(ConsentEntity)
        .set({ withdrawnAt, withdrawnBy: actor, erasedRows: total })
        .where("id = :id AND jurisdiction_code = :jurisdiction AND withdrawn_at IS NULL", { id: row.id, jurisdiction })
        .execute();
    }));
    return { consent: await this.get(id), erasedKinds, erasedRows };
  }
}

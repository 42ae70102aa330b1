/**
 * Breach records (H11, PIPL art. 57): an incident is recorded (time, who found it, which data,
 * cause, scale), the affected subjects are listed, and it moves open → notified → closed.
 * Notifying needs the remedies and a contact filled in: those are what the notices promise.
 */
import crypto from "node:crypto";
import type { DataSource } from "typeorm";
import { PrivacyErrors } from "../errors.js";
import type { PiKind } from "../kinds.js";
import { BreachEntity, BreachSubjectEntity, type BreachRow, type BreachState, type BreachSubjectRow } from "../entities.js";
import { decodeKinds, encodeKinds } from "../consent/store.js";
import { pageOptions, scopedRepo, type Paging, type ScopedRepo } from "../scope.js";

export const BREACH_STATES: readonly BreachState[] = ["open", "notified", "closed"];

export interface BreachFields {
  title: string;
  occurredAt?: Date | null;
  discoveredAt: Date;
  discoveredBy: string;
  dataKinds: PiKind[];
  otherData?: string | null;
  cause: string;
  /** Estimated number of affected people. */
  scale: number;
  harm?: string | null;
  /** Measures taken. */
  remedies?: string | null;
  /** What residents can do to limit the harm. */
  advice?: string | null;
  contact?: string | null;
}

export interface Breach extends Omit<BreachFields, "occurredAt" | "discoveredAt"> {
  id: string;
  jurisdiction: string;
  occurredAt: string | null;
  discoveredAt: string;
  state: BreachState;
  notifiedAt: string | null;
  closedAt: string | null;
  closingNote: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Subjects listed as affected so far. */
  identified: number;
}

export interface AffectedSubject { subjectId: string; kinds: PiKind[]; addedAt: string }

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const CLOCK_SKEW_MS = 5 * 60_000;

function toBreach(r: BreachRow, identified: number): Breach {
  return {
    id: r.id, jurisdiction: r.jurisdictionCode, title: r.title, occurredAt: iso(r.occurredAt), discoveredAt: iso(r.discoveredAt)!,
    discoveredBy: r.discoveredBy, dataKinds: decodeKinds(r.dataKinds), otherData: r.otherData, cause: r.cause, scale: r.scale,
    harm: r.harm, remedies: r.remedies, advice: r.advice, contact: r.contact, state: r.state,
    notifiedAt: iso(r.notifiedAt), closedAt: iso(r.closedAt), closingNote: r.closingNote,
    createdBy: r.createdBy, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!, identified,
  };
}

function checkTimes(f: { occurredAt?: Date | null; discoveredAt?: Date }): void {
  const now = Date.now() + CLOCK_SKEW_MS;
  if (f.discoveredAt && f.discoveredAt.getTime() > now) throw PrivacyErrors.BREACH_INVALID({ reason: "发现时间在将来 / discoveredAt is in the future" });
  if (f.occurredAt && f.occurredAt.getTime() > now) throw PrivacyErrors.BREACH_INVALID({ reason: "发生时间在将来 / occurredAt is in the future" });
  if (f.occurredAt && f.discoveredAt && f.occurredAt > f.discoveredAt) throw PrivacyErrors.BREACH_INVALID({ reason: "发生时间晚于发现时间 / occurredAt is after discoveredAt" });
}

export class BreachStore {
  private readonly breaches: ScopedRepo<BreachRow>;
  private readonly subjects: ScopedRepo<BreachSubjectRow>;

  constructor(private readonly ds: DataSource, readonly jurisdiction: string | null) {
    this.breaches = scopedRepo(ds, BreachEntity, jurisdiction);
    this.subjects = scopedRepo(ds, BreachSubjectEntity, jurisdiction);
  }

  private async row(id: string): Promise<BreachRow> {
    const row = await this.breaches.findOneBy({ id });
    if (!row) throw PrivacyErrors.BREACH_NOT_FOUND({ id });
    return row;
  }

  private async view(row: BreachRow): Promise<Breach> {
    const [, identified] = await this.subjects.findAndCount({ where: { breachId: row.id }, take: 1 });
    return toBreach(row, identified);
  }

  async record(input: BreachFields & { jurisdiction?: string }, actor: string): Promise<Breach> {
    if (input.dataKinds.length === 0 && !input.otherData) throw PrivacyErrors.BREACH_INVALID({ reason: "须说明涉及的数据类型 / name the data involved" });
    checkTimes(input);
    const now = new Date();
    const row = await this.breaches.insert({
      id: crypto.randomUUID(), title: input.title, occurredAt: input.occurredAt ?? null, discoveredAt: input.discoveredAt,
      discoveredBy: input.discoveredBy, dataKinds: encodeKinds(input.dataKinds), otherData: input.otherData ?? null,
      cause: input.cause, scale: input.scale, harm: input.harm ?? null, remedies: input.remedies ?? null,
      advice: input.advice ?? null, contact: input.contact ?? null, state: "open", notifiedAt: null, closedAt: null,
      closingNote: null, createdBy: actor, createdAt: now, updatedAt: now,
      ...(input.jurisdiction ? { jurisdictionCode: input.jurisdiction } : {}),
    });
    return this.view(row);
  }

  async get(id: string): Promise<Breach> {
    return this.view(await this.row(id));
  }

  async list(filter: { state?: BreachState } & Paging): Promise<{ items: Breach[]; total: number; page: number; pageSize: number }> {
    const { skip, take, page, pageSize } = pageOptions(filter);
    const [rows, total] = await this.breaches.findAndCount({ where: filter.state ? { state: filter.state } : {}, order: { discoveredAt: "DESC", id: "ASC" }, skip, take });
    return { items: await Promise.all(rows.map((r) => this.view(r))), total, page, pageSize };
  }

  /** Correct or complete the record while it is not closed. */
  async update(id: string, patch: Partial<BreachFields>): Promise<Breach> {
    const row = await this.row(id);
    if (row.state === "closed") throw PrivacyErrors.BREACH_STATE_INVALID({ id, state: row.state, operation: "update" });
    const next = { occurredAt: patch.occurredAt === undefined ? row.occurredAt : patch.occurredAt, discoveredAt: patch.discoveredAt ?? row.discoveredAt };
    checkTimes({ occurredAt: next.occurredAt ? new Date(next.occurredAt) : null, discoveredAt: new Date(next.discoveredAt) });
    const { dataKinds, ...rest } = patch;
    const values: Partial<BreachRow> = { ...(rest as Partial<BreachRow>), updatedAt: new Date() };
    if (dataKinds) values.dataKinds = encodeKinds(dataKinds);
    return this.view(await this.breaches.update({ id: row.id, jurisdictionCode: row.jurisdictionCode }, values));
  }

  /** Add affected subjects (ids as the plugins know them); ones already listed are kept as they are. */
  async addSubjects(id: string, subjects: Array<{ subjectId: string; kinds?: PiKind[] }>): Promise<{ added: number; identified: number }> {
    const row = await this.row(id);
    if (row.state === "closed") throw PrivacyErrors.BREACH_STATE_INVALID({ id, state: row.state, operation: "addSubjects" });
    const existing = new Set((await this.subjects.find({ where: { breachId: id }, select: { subjectId: true } as never })).map((s) => s.subjectId));
    const now = new Date();
    let added = 0;
    for (const s of subjects) {
      if (existing.has(s.subjectId)) continue;
      existing.add(s.subjectId);
      await this.subjects.insert({ breachId: id, subjectId: s.subjectId, kinds: s.kinds?.length ? encodeKinds(s.kinds) : null, addedAt: now, jurisdictionCode: row.jurisdictionCode });
      added++;
    }
    return { added, identified: existing.size };
  }

  async listSubjects(id: string, paging: Paging): Promise<{ items: AffectedSubject[]; total: number; page: number; pageSize: number }> {
    await this.row(id);
    const { skip, take, page, pageSize } = pageOptions(paging);
    const [rows, total] = await this.subjects.findAndCount({ where: { breachId: id }, order: { subjectId: "ASC" }, skip, take });
    return { items: rows.map((r) => ({ subjectId: r.subjectId, kinds: decodeKinds(r.kinds), addedAt: iso(r.addedAt)! })), total, page, pageSize };
  }

  async subject(id: string, subjectId: string): Promise<AffectedSubject | null> {
    const r = await this.subjects.findOneBy({ breachId: id, subjectId });
    return r ? { subjectId: r.subjectId, kinds: decodeKinds(r.kinds), addedAt: iso(r.addedAt)! } : null;
  }

  /** open → notified: the authority and residents have been told. */
  async markNotified(id: string): Promise<Breach> {
    const row = await this.row(id);
    if (row.state !== "open") throw PrivacyErrors.BREACH_STATE_INVALID({ id, state: row.state, operation: "notify" });
    const missing = (["remedies", "contact"] as const).filter((k) => !row[k]?.trim());
    if (missing.length) throw PrivacyErrors.BREACH_INCOMPLETE({ missing: missing.join(", ") });
    const now = new Date();
    return this.view(await this.breaches.update({ id: row.id, jurisdictionCode: row.jurisdictionCode }, { state: "notified", notifiedAt: now, updatedAt: now }));
  }

  /** notified → closed. */
  async close(id: string, note?: string): Promise<Breach> {
    const row = await this.row(id);
    if (row.state !== "notified") throw PrivacyErrors.BREACH_STATE_INVALID({ id, state: row.state, operation: "close" });
    const now = new Date();
    return this.view(await this.breaches.update({ id: row.id, jurisdictionCode: row.jurisdictionCode }, { state: "closed", closedAt: now, closingNote: note ?? null, updatedAt: now }));
  }

  async jurisdictionName(code: string): Promise<string> {
    const rows: Array<{ name: string }> = await this.ds.query("SELECT name FROM anju_jurisdiction WHERE code = ?", [code]);
    return rows[0]?.name ?? code;
  }
}

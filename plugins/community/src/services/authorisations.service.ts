/**
 * `community.authorisations.*`: resident authorisations (住户授权) — who (a person, or a
 * vehicle) may pass the community's access points with which credential, and for how long.
 * The property company grants, changes and revokes them (`community:authorisation-manage`);
 * community police read them (`community:authorisation-read`). Names, ID numbers and
 * credentials are encrypted at rest and masked in every answer; each change is audited (ids,
 * revision and field names only) and announced as `community.authorisation.changed` with no
 * personal information in it.
 *
 * Unmasked reads: `get` with `unmasked: true` answers the plain values only to a system call
 * (the request context's principal is the system — an uplink or integration running inside the
 * node, never a user's session, whatever it sends), and records the reveal in the audit trail.
 */
import type { Context, ServiceSchema } from "moleculer";
import type { FindOptionsWhere } from "typeorm";
import { requireRequestContext, scopedRepository } from "@anju/kernel";
import { CommunityAudit, CommunityEvents, CommunityServices, type AuthorisationChangedEvent } from "../actions.js";
import {
  AUTHORISATION_STATUSES, AUTHORISATION_SUBJECTS, CREDENTIAL_TYPES, CommunityPermissions as P,
  type AuthorisationStatus, type AuthorisationSubject, type CredentialType,
} from "../constants.js";
import { canonicalCredential, checkIdNumber, CREDENTIAL_REF_MAX } from "../credential.js";
import { AuthorisationEntity, AuthorisationPi, UnitEntity, type AuthorisationRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";
import { action, audit, clean, definedOnly, newRow, now, type Page, type PageParams } from "./helpers.js";
import { withNames } from "./names.js";
import { checkReference, communityOf, visibleCommunity } from "./references.js";
import { enumOf, id, object, optionalId, paging, text } from "./schema.js";

interface Fields {
  unitId?: number | null; holderName: string; holderIdNo?: string | null; subject: AuthorisationSubject; credential: CredentialType;
  credentialRef: string; validFrom?: string; validTo?: string | null;
}
interface ListParams extends PageParams {
  communityId?: number; unitId?: number; status?: AuthorisationStatus; subject?: AuthorisationSubject; credential?: CredentialType;
  holderIdNo?: string; credentialRef?: string;
}

/** Times as ISO instants in the API (the console's date-time pickers), epoch ms in the table. */
export type Authorisation = Omit<AuthorisationRow, "validFrom" | "validTo" | "revokedAt"> & { validFrom: string; validTo: string | null; revokedAt: string | null };

const instant = { type: "string", format: "date-time", maxLength: 40 } as const;
const fields = {
  unitId: optionalId,
  holderName: text(64),
  // Shapes only: ID numbers and credentials are checked in code, with their own coded errors.
  holderIdNo: { type: ["string", "null"], minLength: 1, maxLength: 32 },
  subject: enumOf(AUTHORISATION_SUBJECTS),
  credential: enumOf(CREDENTIAL_TYPES),
  credentialRef: { type: "string", minLength: 1, maxLength: CREDENTIAL_REF_MAX + 32 },
  validFrom: instant,
  validTo: { type: ["string", "null"], format: "date-time", maxLength: 40 },
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function present(row: AuthorisationRow, unmasked = false): Authorisation {
  // Blind indexes are never selected (see definePiFields), so the unmasked row carries none.
  const out = unmasked ? row : AuthorisationPi.mask(row);
  return { ...out, validFrom: iso(row.validFrom)!, validTo: iso(row.validTo), revokedAt: iso(row.revokedAt) };
}

/** The unit's building, after checking the unit is the community's. */
async function placeOf(ctx: Context, communityId: number, unitId: number | null | undefined) {
  const unit = await checkReference(ctx, UnitEntity, "unitId", unitId, communityId);
  return { buildingId: unit?.buildingId ?? null, unitId: unit?.id ?? null };
}

/** Canonical values of what the params carry, and the merged period checked. */
function checked(p: Partial<Fields>, period: { validFrom: number; validTo: number | null }) {
  if (period.validTo !== null && period.validTo <= period.validFrom) throw CommunityErrors.COMMUNITY_AUTHORISATION_PERIOD_INVALID();
  const out: Partial<AuthorisationRow> = {};
  if (p.holderName !== undefined) out.holderName = clean("holderName", p.holderName);
  if (p.holderIdNo !== undefined) out.holderIdNo = p.holderIdNo === null ? null : checkIdNumber(p.holderIdNo);
  if (p.credentialRef !== undefined) out.credentialRef = canonicalCredential(p.credentialRef);
  if (p.subject !== undefined) out.subject = p.subject;
  if (p.credential !== undefined) out.credential = p.credential;
  return out;
}

async function announce(ctx: Context, row: AuthorisationRow, change: AuthorisationChangedEvent["change"], fieldsChanged: string[]): Promise<void> {
  const auditAction = { granted: CommunityAudit.authorisationGrant, updated: CommunityAudit.authorisationUpdate, revoked: CommunityAudit.authorisationRevoke }[change];
  await audit(ctx, auditAction, String(row.id), row.jurisdictionCode, { communityId: row.communityId, revision: row.revision, fields: fieldsChanged });
  const event: AuthorisationChangedEvent = { id: row.id, communityId: row.communityId, jurisdictionCode: row.jurisdictionCode, change, revision: row.revision, at: Date.now() };
  void ctx.broker.emit(CommunityEvents.authorisationChanged, event);
}

export const authorisationsService: ServiceSchema = {
  name: CommunityServices.authorisations,
  actions: {
    /** `holderIdNo` and `credentialRef` filter by exact value through the blind index. */
    list: action(P.authorisationRead, {
      params: object({
        ...paging, communityId: id, unitId: id, status: enumOf(AUTHORISATION_STATUSES), subject: enumOf(AUTHORISATION_SUBJECTS),
        credential: enumOf(CREDENTIAL_TYPES), holderIdNo: fields.holderIdNo, credentialRef: fields.credentialRef,
      }),
      audit: false,
      async handler(ctx: Context<ListParams>): Promise<Page<Authorisation>> {
        const { communityId, unitId, status, subject, credential, holderIdNo, credentialRef } = ctx.params;
        await visibleCommunity(ctx, communityId);
        const page = ctx.params.page ?? 1;
        const pageSize = ctx.params.pageSize ?? 20;
        const where = {
          ...definedOnly({ communityId, unitId, status, subject, credential }),
          ...(holderIdNo ? AuthorisationPi.indexWhere("holderIdNo", checkIdNumber(holderIdNo)) : {}),
          ...(credentialRef ? AuthorisationPi.indexWhere("credentialRef", canonicalCredential(credentialRef)) : {}),
        } as FindOptionsWhere<AuthorisationRow>;
        const [rows, total] = await scopedRepository(ctx, AuthorisationEntity).findAndCount({ where, order: { id: "DESC" }, skip: (page - 1) * pageSize, take: pageSize });
        return { items: await withNames(ctx, rows.map((r) => present(r))), total, page, pageSize };
      },
    }),

    get: action(P.authorisationRead, {
      params: object({ id, unmasked: { type: "boolean", default: false } }, ["id"]),
      audit: false,
      async handler(ctx: Context<{ id: number; unmasked?: boolean }>) {
        const rc = requireRequestContext(ctx);
        if (ctx.params.unmasked && rc.principal.kind !== "system") throw CommunityErrors.COMMUNITY_UNMASKED_SYSTEM_ONLY();
        const row = await scopedRepository(ctx, AuthorisationEntity).getBy({ id: ctx.params.id });
        if (ctx.params.unmasked) await audit(ctx, CommunityAudit.authorisationUnmask, String(row.id), row.jurisdictionCode, { communityId: row.communityId, revision: row.revision });
        return present(row, ctx.params.unmasked);
      },
    }),

    grant: action(P.authorisationManage, {
      params: object({ communityId: id, ...fields }, ["communityId", "holderName", "subject", "credential", "credentialRef"]),
      audit: false,
      async handler(ctx: Context<Fields & { communityId: number }>) {
        const rc = requireRequestContext(ctx);
        const p = ctx.params;
        const community = await communityOf(ctx, p.communityId);
        const validFrom = p.validFrom ? Date.parse(p.validFrom) : Date.now();
        const validTo = p.validTo ? Date.parse(p.validTo) : null;
        const values = checked(p, { validFrom, validTo });
        const place = await placeOf(ctx, community.id, p.unitId);
        const stamp = now();
        const row = await scopedRepository(ctx, AuthorisationEntity).insert(newRow<AuthorisationRow>({
          jurisdictionCode: community.jurisdictionCode, communityId: community.id, ...place,
          holderName: values.holderName!, holderIdNo: values.holderIdNo ?? null, subject: p.subject, credential: p.credential, credentialRef: values.credentialRef!,
          validFrom, validTo, status: "active", revokedAt: null, revision: 1, createdBy: rc.principal.id, createdAt: stamp, updatedAt: stamp,
        }));
        await announce(ctx, row, "granted", []);
        return present(row);
      },
    }),

    update: action(P.authorisationManage, {
      params: object({ id, ...fields }, ["id"]),
      audit: false,
      async handler(ctx: Context<Partial<Fields> & { id: number }>) {
        const { id: rowId, unitId, validFrom: from, validTo: to, ...patch } = ctx.params;
        const repo = scopedRepository(ctx, AuthorisationEntity);
        const current = await repo.getBy({ id: rowId });
        if (current.status === "revoked") throw CommunityErrors.COMMUNITY_AUTHORISATION_REVOKED();
        const validFrom = from !== undefined ? Date.parse(from) : current.validFrom;
        const validTo = to !== undefined ? (to === null ? null : Date.parse(to)) : current.validTo;
        const values = checked(patch, { validFrom, validTo });
        const place = unitId === undefined ? {} : await placeOf(ctx, current.communityId, unitId);
        const changed = Object.keys({ ...patch, ...(unitId === undefined ? {} : { unitId }), ...(from === undefined ? {} : { validFrom }), ...(to === undefined ? {} : { validTo }) });
        const row = await repo.update({ id: current.id }, { ...values, ...place, validFrom, validTo, revision: current.revision + 1, updatedAt: now() });
        await announce(ctx, row, "updated", changed);
        return present(row);
      },
    }),

    /** Revoking ends the authorisation now; the row stays (events from before still match it). */
    revoke: action(P.authorisationManage, {
      params: object({ id }, ["id"]),
      audit: false,
      async handler(ctx: Context<{ id: number }>) {
        const repo = scopedRepository(ctx, AuthorisationEntity);
        const current = await repo.getBy({ id: ctx.params.id });
        if (current.status === "revoked") throw CommunityErrors.COMMUNITY_AUTHORISATION_REVOKED();
        const row = await repo.update({ id: current.id }, { status: "revoked", revokedAt: Date.now(), revision: current.revision + 1, updatedAt: now() });
        await announce(ctx, row, "revoked", ["status"]);
        return present(row);
      },
    }),
  },
};

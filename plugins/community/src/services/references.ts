/**
 * Loading a record a new child hangs under, and checking optional references point inside the
 * same community. A parent outside the caller's subtree is 404 (TENANT_OUT_OF_SCOPE), like any
 * other record; a reference that does not fit is COMMUNITY_REFERENCE_INVALID (422).
 */
import type { Context } from "moleculer";
import type { EntitySchema } from "typeorm";
import { scopedRepository } from "@anju/kernel";
import { CommunityEntity, type CommunityRow } from "../entities/index.js";
import { CommunityErrors } from "../errors.js";

export function communityOf(ctx: Context, communityId: number): Promise<CommunityRow> {
  return scopedRepository(ctx, CommunityEntity).getBy({ id: communityId });
}

/** When a list is filtered by community, that community must be in reach (404 otherwise). */
export async function visibleCommunity(ctx: Context, communityId: number | undefined): Promise<void> {
  if (communityId !== undefined) await communityOf(ctx, communityId);
}

/** A referenced row (facility, building, unit, device) must exist in scope and in `communityId`. */
export async function checkReference<T extends { id: number; communityId: number; jurisdictionCode: string }>(
  ctx: Context, entity: EntitySchema<T>, field: string, refId: number | null | undefined, communityId: number,
): Promise<T | null> {
  if (refId === undefined || refId === null) return null;
  const row = await scopedRepository(ctx, entity).findOneBy({ id: refId, communityId } as never);
  if (!row) throw CommunityErrors.COMMUNITY_REFERENCE_INVALID({ field, value: refId });
  return row;
}

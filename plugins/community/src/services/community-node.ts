/**
 * A community is a leaf of the jurisdiction tree (province → city → county → street →
 * community) owned by this plugin: creating one adds its node, deleting one removes it.
 */
import type { Context } from "moleculer";
import { hostOf, type Jurisdiction, type RequestContext } from "@anju/kernel";
import { CommunityErrors } from "../errors.js";

/** The street a community goes under: it must exist, be street-level and lie in the caller's subtree. */
export async function resolveStreet(ctx: Context, rc: Readonly<RequestContext>, code: string): Promise<Jurisdiction> {
  const store = hostOf(ctx.broker).jurisdictions;
  const street = await store.find(code);
  // Outside the caller's subtree answers exactly like a code that does not exist.
  if (!street || (rc.jurisdiction !== null && !(await store.isWithin(code, rc.jurisdiction)))) {
    throw CommunityErrors.COMMUNITY_STREET_NOT_FOUND({ code });
  }
  if (street.level !== "street") throw CommunityErrors.COMMUNITY_PARENT_NOT_STREET({ code, level: street.level });
  return street;
}

/** The next free `<street code><3 digits>` under a street (national division codes do the same). */
export async function nextCommunityCode(ctx: Context, streetCode: string): Promise<string> {
  const children = await hostOf(ctx.broker).jurisdictions.children(streetCode);
  const suffix = new RegExp(`^${streetCode.replace(/[^0-9A-Za-z-]/g, "")}(\\d{3})$`);
  let max = 0;
  for (const c of children) {
    const m = suffix.exec(c.code);
    if (m) max = Math.max(max, Number(m[1]));
  }
  if (max >= 999) throw CommunityErrors.COMMUNITY_CODE_EXHAUSTED({ code: streetCode });
  return `${streetCode}${String(max + 1).padStart(3, "0")}`;
}

/**
 * Add the community node. A derived code retries when a concurrent create took it first; a
 * given code that exists is the kernel's JURISDICTION_EXISTS (409).
 */
export async function addCommunityNode(ctx: Context, street: Jurisdiction, name: string, code?: string): Promise<Jurisdiction> {
  const store = hostOf(ctx.broker).jurisdictions;
  if (code) return store.add({ code, name, level: "community", parentCode: street.code });
  for (let attempt = 0; ; attempt++) {
    const next = await nextCommunityCode(ctx, street.code);
    try {
      return await store.add({ code: next, name, level: "community", parentCode: street.code });
    } catch (err) {
      if ((err as { type?: string }).type !== "JURISDICTION_EXISTS" || attempt >= 4) throw err;
    }
  }
}

/** Undo `addCommunityNode` after the row could not be written; never masks the original error. */
export async function removeCommunityNode(ctx: Context, code: string): Promise<void> {
  try {
    await hostOf(ctx.broker).jurisdictions.remove(code);
  } catch (err) {
    ctx.broker.logger.error(`社区节点 ${code} 清理失败 / could not remove community node: ${(err as Error).message}`);
  }
}

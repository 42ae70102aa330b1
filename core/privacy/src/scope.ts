/**
 * Repositories for the privacy tables in the caller's scope: a user's jurisdiction subtree
 * through the tenant repository, or everything for the system principal (host work, CLI).
 */
import type { DataSource, EntitySchema, FindManyOptions, FindOptionsWhere } from "typeorm";
import { asSystem, tenantRepository, type TenantRow } from "@anju/data";
import { KernelErrors } from "@anju/kernel";

export interface ScopedRepo<T extends TenantRow> {
  readonly jurisdiction: string | null;
  find(options?: FindManyOptions<T>): Promise<T[]>;
  findAndCount(options?: FindManyOptions<T>): Promise<[T[], number]>;
  findOneBy(where: FindOptionsWhere<T>): Promise<T | null>;
  /** `jurisdictionCode` defaults to the scope's; the system must name one. */
  insert(values: Omit<T, "jurisdictionCode"> & { jurisdictionCode?: string }): Promise<T>;
  update(where: FindOptionsWhere<T>, patch: Partial<T>): Promise<T>;
}

export function scopedRepo<T extends TenantRow>(ds: DataSource, entity: EntitySchema<T>, jurisdiction: string | null): ScopedRepo<T> {
  if (jurisdiction) {
    const repo = tenantRepository(ds, entity, { jurisdiction, subtree: true });
    return {
      jurisdiction,
      find: (o) => repo.find(o),
      findAndCount: (o) => repo.findAndCount(o),
      findOneBy: (w) => repo.findOneBy(w),
      insert: (v) => repo.insert(v),
      update: (w, p) => repo.update(w, p),
    };
  }
  const repo = () => ds.getRepository(entity);
  const sys = <R>(fn: () => Promise<R>) => asSystem("privacy: system principal", fn);
  return {
    jurisdiction: null,
    find: (o) => sys(() => repo().find(o)),
    findAndCount: (o) => sys(() => repo().findAndCount(o)),
    findOneBy: (w) => sys(() => repo().findOneBy(w)),
    async insert(v) {
      if (!v.jurisdictionCode) throw KernelErrors.BAD_REQUEST({ reason: "需要行政区划 / a jurisdiction is required" });
      return sys(async () => {
        await repo().insert(v as never);
        return (await repo().findOneBy(repo().metadata.getEntityIdMap(v) as FindOptionsWhere<T>))!;
      });
    },
    update: (w, p) => sys(async () => {
      const row = await repo().findOneBy(w);
      if (!row) throw KernelErrors.NOT_FOUND({ what: entity.options.name });
      if (Object.keys(p).length) await repo().update(repo().metadata.getEntityIdMap(row) as never, p as never);
      return (await repo().findOneBy(repo().metadata.getEntityIdMap(row) as FindOptionsWhere<T>))!;
    }),
  };
}

/** Page arguments shared by list actions. */
export interface Paging { page?: number; pageSize?: number }

export function pageOptions(p: Paging): { skip: number; take: number; page: number; pageSize: number } {
  const pageSize = p.pageSize ?? 20;
  const page = p.page ?? 1;
  return { skip: (page - 1) * pageSize, take: pageSize, page, pageSize };
}

/**
 * A repository bound to one jurisdiction scope. Every read carries the jurisdiction (or its
 * subtree); a record outside the scope is "not found"; writes cannot move a record out.
 */
import { Raw, type DataSource, type EntitySchema, type FindManyOptions, type FindOptionsWhere, type ObjectLiteral, type Repository } from "typeorm";
import { DataErrors } from "../errors.js";
import { withTenantScope } from "./scope.js";

export interface TenantScope {
  /** The jurisdiction code from the verified request context. */
  jurisdiction: string;
  /** Include every descendant jurisdiction (default true: a county sees its communities). */
  subtree?: boolean;
}

export interface TenantRow extends ObjectLiteral { jurisdictionCode: string }

type Where<T> = FindOptionsWhere<T>;

export class TenantRepository<T extends TenantRow> {
  constructor(
    private readonly ds: DataSource,
    private readonly entity: EntitySchema<T>,
    readonly scope: TenantScope,
  ) {}

  private get repo(): Repository<T> {
    return this.ds.getRepository(this.entity);
  }

  /** The jurisdiction condition: the code itself, or every code whose path is under it. */
  private scopeCondition(): Where<T> {
    const code = this.scope.jurisdiction;
    if (this.scope.subtree === false) return { jurisdictionCode: code } as Where<T>;
    return {
      jurisdictionCode: Raw((alias) => `${alias} IN (SELECT sj.code FROM anju_jurisdiction sj WHERE sj.path LIKE (SELECT CONCAT(pj.path, '%') FROM anju_jurisdiction pj WHERE pj.code = :anjuScope))`, { anjuScope: code }),
    } as unknown as Where<T>;
  }

  private scoped(where?: Where<T> | Where<T>[]): Where<T>[] {
    const cond = this.scopeCondition();
    const list = where === undefined ? [{}] : Array.isArray(where) ? where : [where];
    return list.map((w) => ({ ...w, ...cond }));
  }

  private run<R>(fn: () => Promise<R>): Promise<R> {
    return withTenantScope(this.scope.jurisdiction, fn);
  }

  find(options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.run(() => this.repo.find({ ...options, where: this.scoped(options.where as Where<T> | undefined) }));
  }

  findAndCount(options: FindManyOptions<T> = {}): Promise<[T[], number]> {
    return this.run(() => this.repo.findAndCount({ ...options, where: this.scoped(options.where as Where<T> | undefined) }));
  }

  count(where?: Where<T>): Promise<number> {
    return this.run(() => this.repo.count({ where: this.scoped(where) }));
  }

  findOneBy(where: Where<T>): Promise<T | null> {
    return this.run(() => this.repo.findOne({ where: this.scoped(where) }));
  }

  /** Like findOneBy, but another jurisdiction's record (or none) is TENANT_OUT_OF_SCOPE (404). */
  async getBy(where: Where<T>): Promise<T> {
    const row = await this.findOneBy(where);
    if (!row) throw DataErrors.TENANT_OUT_OF_SCOPE();
    return row;
  }

  /**
   * Insert: the jurisdiction defaults to the scope's and must lie inside it. The stored row is
   * read back through the scope: TypeORM's own read-back (for columns with database defaults)
   * selects by primary key alone, which the tenant guard rightly refuses.
   */
  async insert(values: Omit<T, "jurisdictionCode"> & { jurisdictionCode?: string }): Promise<T> {
    const row = { ...values, jurisdictionCode: values.jurisdictionCode ?? this.scope.jurisdiction } as unknown as T;
    await this.assertInScope(row.jurisdictionCode);
    const entity = this.repo.create(row);
    return this.run(async () => {
      const metadata = this.repo.metadata;
      const qb = this.repo.createQueryBuilder().insert().values(entity as never).updateEntity(false);
      const result = await qb.execute();
      const generated = this.ds.driver.createGeneratedMap(metadata, result.raw, 0, 1) ?? {};
      const stored = this.repo.merge(entity, (qb.expressionMap.locallyGenerated[0] ?? {}) as never, generated as never);
      const id = metadata.getEntityIdMap(stored);
      return (id && (await this.findOneBy(id as Where<T>))) ?? stored;
    });
  }

  /** Update by condition inside the scope; the jurisdiction can move only within the scope. */
  async update(where: Where<T>, patch: Partial<T>): Promise<T> {
    const row = await this.getBy(where);
    if (patch.jurisdictionCode !== undefined) await this.assertInScope(patch.jurisdictionCode);
    // Not repo.save(): its UPDATE names only the primary key, which the tenant guard refuses.
    // Keying the statement by id *and* the row's jurisdiction keeps it inside the scope too.
    const key = this.keyOf(row);
    if (Object.keys(patch).length > 0) await this.run(() => this.repo.update(key, patch as never));
    return this.getBy(this.repo.metadata.getEntityIdMap(row) as Where<T>);
  }

  async delete(where: Where<T>): Promise<void> {
    const row = await this.getBy(where);
    await this.run(() => this.repo.delete(this.keyOf(row)));
  }

  /** The row's primary key plus its jurisdiction: a write condition the tenant guard accepts. */
  private keyOf(row: T): Where<T> {
    return { ...(this.repo.metadata.getEntityIdMap(row) ?? {}), jurisdictionCode: row.jurisdictionCode } as Where<T>;
  }

  private async assertInScope(code: string): Promise<void> {
    if (code === this.scope.jurisdiction) return;
    if (this.scope.subtree === false) throw DataErrors.TENANT_OUT_OF_SCOPE();
    const rows: Array<{ n: number }> = await this.ds.query(
      `SELECT COUNT(*) AS n FROM anju_jurisdiction c, anju_jurisdiction p WHERE c.code = ? AND p.code = ? AND c.path LIKE ${this.ds.options.type === "mysql" ? "CONCAT(p.path, '%')" : "p.path || '%'"}`,
      [code, this.scope.jurisdiction]);
    if (Number(rows[0]?.n ?? 0) === 0) throw DataErrors.TENANT_OUT_OF_SCOPE();
  }
}

export function tenantRepository<T extends TenantRow>(ds: DataSource, entity: EntitySchema<T>, scope: TenantScope): TenantRepository<T> {
  return new TenantRepository(ds, entity, scope);
}

/**
 * The jurisdiction tree: province → city → county/district → street/town → community, keyed by
 * national administrative division codes where they exist. Paths are materialised
 * (`/340000/340100/`) so a subtree is one prefix query.
 */
import { asSystem, dbTimestamp, JurisdictionEntity, type JurisdictionRow } from "@anju/data";
import type { DataSource, EntityManager } from "typeorm";
import { KernelErrors } from "../errors/catalogue.js";
import { SAFE_NAME_PATTERN } from "../context/validation.js";
import type { AuditEvent } from "../modules.js";

export const LEVELS = ["province", "city", "county", "street", "community"] as const;
export type Level = (typeof LEVELS)[number];
export const CODE_PATTERN = "^[0-9A-Za-z][0-9A-Za-z-]{1,31}$";
const codeRe = new RegExp(CODE_PATTERN);
const nameRe = new RegExp(SAFE_NAME_PATTERN);

export interface JurisdictionInput { code: string; name: string; level: Level; parentCode?: string | null }
export interface Jurisdiction { code: string; name: string; level: Level; parentCode: string | null; path: string }

function toJurisdiction(r: JurisdictionRow): Jurisdiction {
  return { code: r.code, name: r.name, level: r.level as Level, parentCode: r.parentCode, path: r.path };
}

export function checkName(name: unknown): string {
  if (typeof name !== "string") throw KernelErrors.JURISDICTION_INVALID({ reason: "name 必须是字符串 / name must be a string" });
  const trimmed = name.normalize("NFC").trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw KernelErrors.JURISDICTION_INVALID({ reason: "name 长度须为 1–100 / name must be 1–100 characters" });
  if (!nameRe.test(trimmed)) throw KernelErrors.JURISDICTION_INVALID({ reason: "name 含有不允许的字符（< > \" ' ` ; \\ 或控制字符）/ name contains forbidden characters" });
  return trimmed;
}

/** Who asked for a change (the system when the CLI or host code acts). */
export interface JurisdictionActor { userId: string | null; ip?: string | null }
const SYSTEM: JurisdictionActor = { userId: "system" };

export class JurisdictionStore {
  /** Called after any change so caches (the plugin gate's) can reload. */
  onChange: () => Promise<void> = async () => undefined;
  /** Where changes are recorded (the host's audit trail). */
  audit: (event: AuditEvent) => Promise<void> = async () => undefined;

  private record(action: string, code: string, actor: JurisdictionActor, detail: Record<string, unknown> = {}): Promise<void> {
    return this.audit({ action, object: code, result: "success", userId: actor.userId, ip: actor.ip ?? null, jurisdiction: code, detail });
  }

  constructor(private readonly ds: DataSource) {}

  private repo(m: EntityManager = this.ds.manager) {
    return m.getRepository(JurisdictionEntity);
  }

  async get(code: string): Promise<Jurisdiction> {
    const row = typeof code === "string" ? await this.repo().findOneBy({ code }) : null;
    if (!row) throw KernelErrors.JURISDICTION_NOT_FOUND({ code: String(code) });
    return toJurisdiction(row);
  }

  async find(code: string): Promise<Jurisdiction | null> {
    const row = await this.repo().findOneBy({ code });
    return row ? toJurisdiction(row) : null;
  }

  async add(input: JurisdictionInput, actor: JurisdictionActor = SYSTEM): Promise<Jurisdiction> {
    if (typeof input.code !== "string" || !codeRe.test(input.code)) throw KernelErrors.JURISDICTION_INVALID({ reason: `code "${String(input.code).slice(0, 40)}" 格式无效 / invalid code` });
    const name = checkName(input.name);
    if (!LEVELS.includes(input.level)) throw KernelErrors.JURISDICTION_INVALID({ reason: `level 须为 ${LEVELS.join("/")} / level must be one of ${LEVELS.join(", ")}` });
    let path = `/${input.code}/`;
    if (input.parentCode) {
      const parent = await this.get(input.parentCode);
      if (LEVELS.indexOf(input.level) <= LEVELS.indexOf(parent.level)) {
        throw KernelErrors.JURISDICTION_INVALID({ reason: `${input.level} 不能位于 ${parent.level} 之下 / a ${input.level} cannot sit under a ${parent.level}` });
      }
      path = `${parent.path}${input.code}/`;
    }
    if (await this.find(input.code)) throw KernelErrors.JURISDICTION_EXISTS({ code: input.code });
    const now = dbTimestamp();
    await this.ds.query(
      "INSERT INTO anju_jurisdiction (code, name, level, parent_code, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [input.code, name, input.level, input.parentCode ?? null, path, now, now]);
    await this.onChange();
    await this.record("jurisdiction.create", input.code, actor, { level: input.level, parentCode: input.parentCode ?? null });
    return { code: input.code, name, level: input.level, parentCode: input.parentCode ?? null, path };
  }

  /** The node and its descendants (or every node), ordered by path. */
  async list(under?: string | null): Promise<Jurisdiction[]> {
    const qb = this.repo().createQueryBuilder("j").orderBy("j.path", "ASC");
    if (under) {
      const root = await this.get(under);
      qb.where("j.path LIKE :p", { p: `${root.path}%` });
    }
    return (await qb.getMany()).map(toJurisdiction);
  }

  async children(code: string): Promise<Jurisdiction[]> {
    return (await this.repo().find({ where: { parentCode: code }, order: { code: "ASC" } })).map(toJurisdiction);
  }

  /** True when `code` is `ancestor` or lies below it. */
  async isWithin(code: string, ancestor: string): Promise<boolean> {
    const [c, a] = await Promise.all([this.find(code), this.find(ancestor)]);
    return !!c && !!a && c.path.startsWith(a.path);
  }

  async rename(code: string, name: string, actor: JurisdictionActor = SYSTEM): Promise<Jurisdiction> {
    const row = await this.get(code);
    const clean = checkName(name);
    await this.ds.query("UPDATE anju_jurisdiction SET name = ?, updated_at = ? WHERE code = ?", [clean, dbTimestamp(), code]);
    await this.record("jurisdiction.rename", code, actor);
    return { ...row, name: clean };
  }

  /** Move a node (and its subtree) under another parent, rewriting paths in one transaction. */
  async move(code: string, newParentCode: string, actor: JurisdictionActor = SYSTEM): Promise<Jurisdiction> {
    const node = await this.get(code);
    const parent = await this.get(newParentCode);
    if (parent.path.startsWith(node.path)) throw KernelErrors.JURISDICTION_INVALID({ reason: "不能移动到自身的下级 / cannot move a node under itself" });
    if (LEVELS.indexOf(node.level) <= LEVELS.indexOf(parent.level)) {
      throw KernelErrors.JURISDICTION_INVALID({ reason: `${node.level} 不能位于 ${parent.level} 之下 / a ${node.level} cannot sit under a ${parent.level}` });
    }
    const newPath = `${parent.path}${node.code}/`;
    await asSystem("jurisdiction move", () => this.ds.transaction(async (m) => {
      const subtree = await this.repo(m).createQueryBuilder("j").where("j.path LIKE :p", { p: `${node.path}%` }).getMany();
      for (const row of subtree) {
        await m.query("UPDATE anju_jurisdiction SET path = ?, updated_at = ? WHERE code = ?", [newPath + row.path.slice(node.path.length), dbTimestamp(), row.code]);
      }
      await m.query("UPDATE anju_jurisdiction SET parent_code = ? WHERE code = ?", [parent.code, node.code]);
    }));
    await this.onChange();
    await this.record("jurisdiction.move", code, actor, { from: node.parentCode, to: parent.code });
    return { ...node, parentCode: parent.code, path: newPath };
  }

  async remove(code: string, actor: JurisdictionActor = SYSTEM): Promise<void> {
    await this.get(code);
    if ((await this.children(code)).length > 0) throw KernelErrors.JURISDICTION_HAS_CHILDREN({ code });
    await this.ds.transaction(async (m) => {
      await m.query("DELETE FROM anju_plugin_jurisdiction WHERE jurisdiction_code = ?", [code]);
      await m.query("DELETE FROM anju_plugin_setting WHERE jurisdiction_code = ?", [code]);
      await m.query("DELETE FROM anju_jurisdiction WHERE code = ?", [code]);
    });
    await this.onChange();
    await this.record("jurisdiction.remove", code, actor);
  }
}

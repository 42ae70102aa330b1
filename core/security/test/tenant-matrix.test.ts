/**
 * Tenant isolation (issue 3) as a generated matrix: users × jurisdictions × resources × actions
 * over HTTP, the way the console calls the community plugin. The diagonal (a user's own city)
 * answers, so the matrix can fail; every off-diagonal request is refused, another city's
 * record answers 404 by id and is absent from lists and counts, and a jurisdiction named in
 * the query, the body or a header never replaces the session's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { CITIES, CITY_NAMES, other, RESOURCE_NAMES, startMatrix, type City, type MatrixFixture, type Resource, type Row } from "./matrix-helpers.js";

/** user × target city × resource: the read/write matrix cells. */
const CELLS = CITY_NAMES.flatMap((user) => CITY_NAMES.flatMap((target) => RESOURCE_NAMES.map((resource) => ({ user, target, resource, own: user === target }))));
const OFF = CELLS.filter((c) => !c.own);
const ON = CELLS.filter((c) => c.own);
const WIDENERS = [
  { how: "query ?jurisdiction=", init: (code: string) => ({ query: `jurisdiction=${code}` }) },
  { how: "query ?jurisdictionCode=", init: (code: string) => ({ query: `jurisdictionCode=${code}` }) },
  { how: "header X-Jurisdiction", init: (code: string) => ({ headers: { "X-Jurisdiction": code } }) },
  { how: "header X-Anju-Jurisdiction", init: (code: string) => ({ headers: { "X-Anju-Jurisdiction": code } }) },
] as const;
const WIDEN_CELLS = CITY_NAMES.flatMap((user) => WIDENERS.flatMap((w) => RESOURCE_NAMES.map((resource) => ({ user, resource, ...w }))));

describe.each(testDbKinds())("tenant isolation matrix on %s", (kind) => {
  let m: MatrixFixture;
  const as = (user: City, headers: Record<string, string> = {}) => ({ headers: { Cookie: m.cookies[user], ...headers } });
  const ids = (rows: Row[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  const url = (resource: Resource, suffix = "") => `/api/community/${resource}${suffix}`;

  beforeAll(async () => {
    m = await startMatrix(kind);
  }, 120_000);
  afterAll(async () => m?.close());

  it("seeds records in both cities for every resource, so each cell has something to leak", () => {
    for (const c of CITY_NAMES) for (const r of RESOURCE_NAMES) expect(m.rows[c][r].length, `${c}/${r}`).toBeGreaterThan(0);
  });

  it.each(CITY_NAMES)("the %s operator's session sits at its own city, with only its own grant", async (user) => {
    const me = await m.n.fetch("/api/auth/me", as(user));
    expect(me.status).toBe(200);
    expect(me.body.jurisdiction.code).toBe(CITIES[user].city);
    expect(me.body.roles).toEqual([expect.objectContaining({ role: "property-operator", jurisdiction: CITIES[user].city })]);
    expect(me.body.permissions).toEqual(expect.arrayContaining(["community:read", "community:manage"]));
  });

  describe("the diagonal answers (own city)", () => {
    it.each(ON)("$user reads its own $resource by id and in the list", async ({ user, resource }) => {
      const mine = m.rows[user][resource];
      const list = await m.n.fetch(url(resource, "?pageSize=100"), as(user));
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(ids(list.body.items)).toEqual(ids(mine));
      expect(list.body.total).toBe(mine.length);
      for (const row of mine) {
        const one = await m.n.fetch(url(resource, `/${row.id}`), as(user));
        expect(one.status, `${resource}/${row.id}: ${JSON.stringify(one.body)}`).toBe(200);
        expect(one.body.id).toBe(row.id);
        expect(one.body.jurisdictionCode).toBe(row.jurisdictionCode);
      }
    });

    it.each(CITY_NAMES)("%s sees stats that count its own city only", async (user) => {
      const stats = await m.n.fetch("/api/community/stats", as(user));
      expect(stats.status).toBe(200);
      expect(stats.body).toEqual(m.stats[user]);
      expect(stats.body.communities.total).toBe(m.rows[user].communities.length);
      expect(stats.body.buildings).toBe(m.rows[user].buildings.length);
      expect(stats.body.units).toBe(m.rows[user].units.length);
      expect(stats.body.facilities.total).toBe(m.rows[user].facilities.length);
      expect(stats.body.devices.total).toBe(m.rows[user].devices.length);
      expect(stats.body.accessPoints).toBe(m.rows[user]["access-points"].length);
    });
  });

  describe("off the diagonal everything is refused (another city)", () => {
    it.each(OFF)("$user → $target $resource: GET by id answers 404 with a code", async ({ user, target, resource }) => {
      for (const row of m.rows[target][resource]) {
        const r = await m.n.fetch(url(resource, `/${row.id}`), as(user));
        expect(r.status, `${resource}/${row.id}: ${JSON.stringify(r.body)}`).toBe(404);
        expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
        expect(JSON.stringify(r.body)).not.toContain(String(row.name ?? "\u0000"));
      }
    });

    it.each(OFF)("$user → $target $resource: absent from the list and its total", async ({ user, target, resource }) => {
      const list = await m.n.fetch(url(resource, "?pageSize=100"), as(user));
      expect(list.status).toBe(200);
      const theirs = new Set(ids(m.rows[target][resource]));
      expect(list.body.items.filter((r: Row) => theirs.has(r.id))).toEqual([]);
      expect(ids(list.body.items)).toEqual(ids(m.rows[user][resource]));
      expect(list.body.total).toBe(m.rows[user][resource].length);
    });

    it.each(OFF)("$user → $target $resource: PATCH by id answers 404 and changes nothing", async ({ user, target, resource }) => {
      const row = m.rows[target][resource][0];
      const r = await m.n.fetch(url(resource, `/${row.id}`), { method: "PATCH", json: { name: "越权修改" }, ...as(user) });
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
    });

    it.each(OFF)("$user → $target $resource: DELETE by id answers 404 and removes nothing", async ({ user, target, resource }) => {
      const row = m.rows[target][resource][0];
      const r = await m.n.fetch(url(resource, `/${row.id}`), { method: "DELETE", ...as(user) });
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
    });

    it.each(CITY_NAMES.map((user) => ({ user, target: other(user) })))("$user → $target: a foreign community's stats answer 404, its nested lists are empty", async ({ user, target }) => {
      for (const community of m.rows[target].communities) {
        const stats = await m.n.fetch(url("communities", `/${community.id}/stats`), as(user));
        expect(stats.status, `communities/${community.id}/stats: ${JSON.stringify(stats.body)}`).toBe(404);
        expect(stats.body.error.code).toMatch(/^[A-Z_]+$/);
        // Nested lists are filtered lists: a foreign parent reads like a missing one (empty), never its children.
        for (const sub of ["buildings", "facilities", "devices", "access-points"]) {
          const r = await m.n.fetch(url("communities", `/${community.id}/${sub}`), as(user));
          const missing = await m.n.fetch(url("communities", `/999999/${sub}`), as(user));
          expect(r.status, `communities/${community.id}/${sub}: ${JSON.stringify(r.body)}`).toBe(missing.status);
          if (r.status === 200) expect([r.body.items, r.body.total]).toEqual([[], 0]);
        }
      }
      for (const building of m.rows[target].buildings) {
        const r = await m.n.fetch(url("buildings", `/${building.id}/units`), as(user));
        if (r.status === 200) expect([r.body.items, r.body.total], `buildings/${building.id}/units`).toEqual([[], 0]);
        else expect(r.status).toBe(404);
      }
    });

    it.each(CITY_NAMES.map((user) => ({ user, target: other(user) })))("$user → $target: list filters naming a foreign community or street find nothing", async ({ user, target }) => {
      const community = m.rows[target].communities[0];
      for (const resource of ["buildings", "facilities", "devices", "access-points"] as const) {
        const r = await m.n.fetch(url(resource, `?communityId=${community.id}`), as(user));
        if (r.status === 200) {
          expect(r.body.items).toEqual([]);
          expect(r.body.total).toBe(0);
        } else {
          expect(r.status, `${resource}?communityId=${community.id}`).toBe(404);
        }
      }
      const byStreet = await m.n.fetch(url("communities", `?streetCode=${CITIES[target].street}`), as(user));
      expect(byStreet.status).toBe(200);
      expect(byStreet.body.total).toBe(0);
    });

    it.each(CITY_NAMES.map((user) => ({ user, target: other(user) })))("$user → $target: cannot create in another city (foreign street or parent)", async ({ user, target }) => {
      const community = await m.n.fetch(url("communities"), {
        method: "POST", ...as(user),
        json: { name: "越权小区", streetCode: CITIES[target].street, buildYear: 2010, custodian: "某单位", custodianPhone: "0551-12345678", maintainer: "某单位", maintainerPhone: "0551-12345678" },
      });
      expect(community.status, JSON.stringify(community.body)).toBeGreaterThanOrEqual(400);
      expect(community.status).toBeLessThan(500);
      const building = await m.n.fetch(url("communities", `/${m.rows[target].communities[0].id}/buildings`), { method: "POST", json: { name: "越权楼" }, ...as(user) });
      expect(building.status, JSON.stringify(building.body)).toBe(404);
      const facility = await m.n.fetch(url("facilities"), {
        method: "POST", ...as(user),
        json: { communityId: m.rows[target].communities[0].id, type: "video-surveillance", name: "越权设施" },
      });
      expect(facility.status, JSON.stringify(facility.body)).toBe(404);
    });

    // bootstrapAdmin gives every account it makes the first root (340000) as home, so the switch
    // itself is allowed (home subtree); what matters is that the session then holds no role there.
    const SWITCHES = CITY_NAMES.flatMap((user) => [
      { user, to: CITIES[other(user)].city, where: `the other city (${other(user)})` },
      { user, to: "340000", where: "the province above both cities" },
      { user, to: CITIES[other(user)].street, where: `a street of the other city (${other(user)})` },
    ]);
    it.each(SWITCHES)("$user switching its session to $where reads nothing there", async ({ user, to }) => {
      const sw = await m.n.fetch("/api/auth/jurisdiction", { method: "POST", json: { jurisdiction: to }, ...as(user) });
      const seen: Array<[string, number]> = [];
      try {
        for (const resource of RESOURCE_NAMES) {
          const list = await m.n.fetch(url(resource, "?pageSize=100"), as(user));
          seen.push([`list ${resource}`, list.status]);
          for (const row of m.rows[other(user)][resource]) {
            const one = await m.n.fetch(url(resource, `/${row.id}`), as(user));
            seen.push([`get ${resource}/${row.id}`, one.status]);
          }
        }
        const stats = await m.n.fetch("/api/community/stats", as(user));
        seen.push(["stats", stats.status]);
      } finally {
        const back = await m.n.fetch("/api/auth/jurisdiction", { method: "POST", json: { jurisdiction: CITIES[user].city }, ...as(user) });
        expect(back.status).toBe(200);
      }
      expect([200, 403]).toContain(sw.status);
      expect(seen.filter(([, status]) => status === 200), `switch answered ${sw.status}`).toEqual([]);
      expect(seen.every(([, status]) => status === 403 || status === 404)).toBe(true);
    });
  });

  describe("a jurisdiction in the request never replaces the session's", () => {
    it.each(WIDEN_CELLS)("$user, $how other city: $resource list stays its own", async ({ user, resource, init }) => {
      const spec = init(CITIES[other(user)].city) as { query?: string; headers?: Record<string, string> };
      const r = await m.n.fetch(url(resource, `?pageSize=100${spec.query ? `&${spec.query}` : ""}`), as(user, spec.headers));
      if (r.status === 200) {
        expect(ids(r.body.items)).toEqual(ids(m.rows[user][resource]));
        expect(r.body.total).toBe(m.rows[user][resource].length);
      } else {
        // Refusing the unknown parameter is fine too — as a coded client error.
        expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
      }
    });

    it.each(CITY_NAMES.flatMap((user) => WIDENERS.map((w) => ({ user, ...w }))))("$user, $how other city: foreign record by id still 404, stats unchanged", async ({ user, init }) => {
      const spec = init(CITIES[other(user)].city) as { query?: string; headers?: Record<string, string> };
      const q = spec.query ? `?${spec.query}` : "";
      const row = m.rows[other(user)].communities[0];
      const one = await m.n.fetch(url("communities", `/${row.id}${q}`), as(user, spec.headers));
      expect(one.status, JSON.stringify(one.body)).toBeGreaterThanOrEqual(400);
      expect(one.status).toBeLessThan(500);
      expect(JSON.stringify(one.body)).not.toContain(String(row.name));
      const stats = await m.n.fetch(`/api/community/stats${q}`, as(user, spec.headers));
      if (stats.status === 200) expect(stats.body).toEqual(m.stats[user]);
      else expect(stats.status).toBeLessThan(500);
    });

    it.each(CITY_NAMES)("%s: a body field jurisdiction/jurisdictionCode on create or update does not move a record", async (user) => {
      const foreign = CITIES[other(user)].city;
      const community = m.rows[user].communities[0];
      const created = await m.n.fetch(url("communities", `/${community.id}/buildings`), {
        method: "POST", json: { name: `矩阵楼-${kind}`, jurisdiction: foreign, jurisdictionCode: foreign }, ...as(user),
      });
      if (created.status === 200) {
        expect(created.body.jurisdictionCode).toBe(community.jurisdictionCode);
        const del = await m.n.fetch(url("buildings", `/${created.body.id}`), { method: "DELETE", ...as(user) });
        expect(del.status).toBe(200);
      } else {
        expect(created.status, JSON.stringify(created.body)).toBeGreaterThanOrEqual(400);
        expect(created.status).toBeLessThan(500);
      }
      const patched = await m.n.fetch(url("communities", `/${community.id}`), { method: "PATCH", json: { jurisdictionCode: foreign, jurisdiction: foreign }, ...as(user) });
      expect(patched.status, JSON.stringify(patched.body)).not.toBe(500);
      const after = await m.n.fetch(url("communities", `/${community.id}`), as(user));
      expect(after.status).toBe(200);
      expect(after.body.jurisdictionCode).toBe(community.jurisdictionCode);
      const list = await m.n.fetch(url("communities", "?pageSize=100"), { ...as(user), method: "GET" });
      expect(ids(list.body.items)).toEqual(ids(m.rows[user].communities));
    });
  });

  it("after the matrix, every record is where it was (nothing moved or vanished)", async () => {
    for (const c of CITY_NAMES) {
      for (const r of RESOURCE_NAMES) {
        const page = await m.n.host.call<{ items: Row[] }>(`community.${r === "access-points" ? "accessPoints" : r}.list`, { pageSize: 100 }, { principal: { id: "system", kind: "system" }, jurisdiction: CITIES[c].city });
        expect(page.items.map((x) => [x.id, x.jurisdictionCode, x.name])).toEqual(m.rows[c][r].map((x) => [x.id, x.jurisdictionCode, x.name]));
      }
    }
  });
});

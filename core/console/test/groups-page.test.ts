/**
 * A `groups` page (nested item cards, docs/console-pages.md) in the nav: Yiyang's 小区消防看板
 * comes back with its board route and, for a caller who may list communities, the chooser's
 * route; a caller who may read the board but not the registry gets the page with no chooser
 * route (the console asks for the community's number). A wrong declaration is a page problem.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NavAnswer, NavMenu } from "../src/index.js";
import { pageProblems } from "../src/index.js";
import { startConsoleNode, type ConsoleFixture } from "./fixture.js";

const keys = (menus: NavMenu[]): string[] => menus.flatMap((m) => [m.key, ...keys(m.children ?? [])]);

describe("groups page in the nav", () => {
  let f: ConsoleFixture;
  const nav = async (user: Parameters<ConsoleFixture["get"]>[0]) => {
    const r = await f.get(user, "/api/console/nav");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as NavAnswer;
  };

  beforeAll(async () => {
    f = await startConsoleNode();
    await f.n.host.plugins.install("yiyang-fire-safety");
    await f.n.host.plugins.enable("yiyang-fire-safety", "340000");
  });
  afterAll(async () => f?.close());

  async function grant(username: string, role: string, jurisdiction: string) {
    const user = await f.n.host.ds.query("SELECT id FROM anju_user WHERE username = ?", [username]) as Array<{ id: string }>;
    await f.n.host.call("rbac.grant", { userId: user[0].id, role, jurisdiction });
  }

  it("gives whoever reads alarms and communities 小区消防看板 with the board and community-list routes", async () => {
    await grant("hf-operator", "yiyang-property-operator", "340100");
    const body = await nav("hf-operator");
    expect(keys(body.menus)).toContain("yiyang-community-board");
    const page = body.pages.find((p) => p.key === "community-board")!;
    expect(page).toMatchObject({ type: "groups", title: { "zh-CN": "小区消防看板", en: "Community fire board" } });
    expect(page.route).toEqual({ method: "GET", path: "/api/yiyang-fire-safety/alarms/board" });
    expect(page.select).toEqual({
      param: "communityId", action: "community.communities.list", route: { method: "GET", path: "/api/community/communities" },
      label: "name", value: "id", title: { "zh-CN": "小区", en: "Community" },
    });
    expect(page.options.groups).toMatchObject({ path: "buildings", children: { path: "units" } });
    expect(page.options).not.toHaveProperty("select");
    expect(page.problems).toBeUndefined();
  });

  it("gives a board reader without the registry's permission the page, its chooser without a route", async () => {
    await grant("tl-official", "yiyang-county-official", "340700");
    const body = await nav("tl-official");
    const page = body.pages.find((p) => p.key === "community-board")!;
    expect(page.route?.path).toBe("/api/yiyang-fire-safety/alarms/board");
    expect(page.select).toMatchObject({ param: "communityId", route: null });
    expect(body.pages.find((p) => p.plugin === "community" && p.key === "communities")).toBeUndefined();
  });

  it("does not offer the board to a caller who may not read alarms", async () => {
    const body = await nav("hf-police");
    expect(body.pages.find((p) => p.key === "community-board")).toBeUndefined();
    expect(keys(body.menus)).not.toContain("yiyang-community-board");
  });
});

describe("groups page check", () => {
  const known = (name: string) => name !== "nobody.things.list";
  it("names a missing groups, a level without its path, an item without a title and an unknown chooser action", () => {
    expect(pageProblems({ key: "b", type: "groups", action: "x.board" }, known).map((p) => p.field)).toEqual(["groups", "item.title"]);
    const problems = pageProblems({
      key: "b", type: "groups", action: "x.board", groups: { path: "buildings", children: { title: "name" } }, item: { title: "name" },
      select: { param: "communityId", action: "nobody.things.list" },
    }, known);
    expect(problems.map((p) => p.field)).toEqual(["groups.children.path", "select.action"]);
    expect(problems[1].message["zh-CN"]).toContain("nobody.things.list");
    expect(pageProblems({ key: "b", type: "groups", action: "x.board", groups: { path: "buildings" }, item: { title: "name" } }, known)).toEqual([]);
  });
});

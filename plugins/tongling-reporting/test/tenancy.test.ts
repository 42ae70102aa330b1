/** Another city's reports are not found: with the plugin enabled province-wide, Hefei sees nothing of Tongling's. */
import { describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { TonglingActions as A } from "../src/actions.js";
import { AUTHOR, PDF, ROLES, TREE, community, rejectionOf, useTonglingHost } from "./helpers.js";

describe.each(testDbKinds())("tenancy on %s", (kind) => {
  const h = useTonglingHost(kind, { enableAt: [TREE.province] });

  it("a Hefei user sees nothing of Tongling's reports: lists are empty, ids are 404, the board has no Tongling county", async () => {
    h.at("2021-05-20 10:00:00");
    await community(h, TREE.tgStreet, { accessPoints: [{ kind: "unit-door", credentials: ["face"] }] });
    const tl = await h.call(A.reports.create, { period: "2021-05", ...AUTHOR, attachments: [{ name: "a.pdf", content: PDF }] }, TREE.tongguan, ROLES.reporter);
    const submitted = await h.call(A.reports.submit, { id: tl.id }, TREE.tongguan, ROLES.reporter);
    const fileId = submitted.data.attachments[0].fileId;
    const hf = await h.call(A.reports.create, { period: "2021-05", ...AUTHOR }, TREE.shushan, ROLES.reporter);

    const hefeiReviewer = <T = any>(action: string, params: Record<string, unknown> = {}) => h.call<T>(action, params, TREE.hefei, ROLES.reviewer); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((await hefeiReviewer(A.reports.list, { pageSize: 100 })).items.map((r: { id: number }) => r.id)).toEqual([hf.id]);
    for (const [action, params] of [
      [A.reports.get, { id: tl.id }], [A.reports.history, { id: tl.id }], [A.reports.accept, { id: tl.id }],
      [A.reports.return, { id: tl.id, comment: "越权退回" }], [A.reports.attachment, { id: tl.id, fileId }],
    ] as const) {
      expect(await rejectionOf(hefeiReviewer(action, params)), action).toMatchObject({ type: "TENANT_OUT_OF_SCOPE", code: 404 });
    }
    // Naming a Tongling county as a filter is "not found" too, not an empty page.
    expect(await rejectionOf(hefeiReviewer(A.reports.list, { countyCode: TREE.tongguan }))).toMatchObject({ code: 404 });
    const board = await hefeiReviewer(A.board.status, { period: "2021-05" });
    expect(board.items.map((r: { countyCode: string }) => r.countyCode)).toEqual([TREE.shushan]);
    expect((await hefeiReviewer(A.findings.list)).total).toBe(0);
    expect((await hefeiReviewer(A.progress.communities)).total).toBe(0);
    expect(await h.call(A.reports.get, { id: tl.id }, TREE.tongling, ROLES.reviewer)).toMatchObject({ status: "submitted" });
    // Nothing of Tongling's changed.
    expect((await h.call(A.reports.history, { id: tl.id }, TREE.tongling, ROLES.reviewer)).map((e: { action: string }) => e.action)).toEqual(["create", "submit"]);
    // And the other way round; the province (T5 departments there) sees both.
    await expect(h.call(A.reports.get, { id: hf.id }, TREE.tongling, ROLES.reviewer)).rejects.toMatchObject({ code: 404 });
    expect((await h.call(A.reports.list, {}, TREE.province, ROLES.housing)).total).toBe(2);
  });
});

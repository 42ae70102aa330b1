/**
 * Reminders and overdue notices (T4): planned as rows of due jobs, claimed with a lease by one
 * node, idempotent per (job, period). Two nodes share one database here, as two processes of a
 * county cluster would; a third comes up after one "dies" mid-job.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds, waitFor } from "@anju/kernel/testing";
import { TonglingActions as A } from "../src/actions.js";
import { claim, complete, listJobs } from "../src/scheduler/jobs.js";
import { AUTHOR, ROLES, TREE, beijing, rejectionOf, startNode, type TonglingHost } from "./helpers.js";

interface Received { key: string; body: { kind: string; audience: string; jurisdiction: string; period: string; title: { "zh-CN": string } } }

/** An SMS/mail gateway stand-in: records each request; can be told to fail the next ones. */
async function gateway() {
  const received: Received[] = [];
  let failNext = 0;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => { raw += c; });
    req.on("end", () => {
      if (failNext > 0) { failNext -= 1; res.writeHead(500).end(); return; }
      received.push({ key: String(req.headers["idempotency-key"]), body: JSON.parse(raw) });
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    received,
    failNextRequests(n: number) { failNext = n; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Tick = { planned: number; ran: Array<{ key: string; outcome: string }>; delivered: number };

describe.each(testDbKinds())("T4 reminders across two nodes on %s", (kind) => {
  let a: TonglingHost;
  let b: TonglingHost;
  let c: TonglingHost | undefined;
  let gw: Awaited<ReturnType<typeof gateway>>;

  beforeAll(async () => {
    gw = await gateway();
    a = await startNode({ kind });
    b = await startNode({ kind, dbUrl: a.t.db!.url, keyFile: a.keyFile });
    await a.host.plugins.configure("tongling-reporting", TREE.tongling, { webhookUrl: gw.url });
  });
  afterAll(async () => {
    await c?.t.stop();
    await b?.t.stop();
    await a?.t.stop();
    await gw?.close();
  });

  /** Both nodes at the same wall time, ticking at once. */
  async function tickBoth(wall: string): Promise<Tick[]> {
    a.at(wall);
    b.at(wall);
    return Promise.all([a.system<Tick>(A.scheduler.tick, {}, null), b.system<Tick>(A.scheduler.tick, {}, null)]);
  }
  const ran = (ticks: Tick[], prefix: string) => ticks.flatMap((t) => t.ran).filter((r) => r.key.startsWith(prefix));
  const inbox = async (jurisdiction: string, roles: readonly string[], extra: Record<string, unknown> = {}) =>
    (await a.call<{ items: Array<{ id: number; kind: string; period: string; title: string; read: boolean; countyCode: string }> }>(A.notifications.list, { pageSize: 100, ...extra }, jurisdiction, roles, "someone")).items;
  const juneOf = async (jurisdiction: string, roles: readonly string[], kind: string) => (await inbox(jurisdiction, roles)).filter((n) => n.period === "2021-06" && n.kind === kind);

  it("T4: reminders 3 and 1 days before the deadline fire once across two nodes, only for counties that have not filed", async () => {
    a.at("2021-06-20 10:00:00");
    const filed = await a.call(A.reports.create, { period: "2021-06", ...AUTHOR }, TREE.zongyang, ROLES.reporter);
    await a.call(A.reports.submit, { id: filed.id }, TREE.zongyang, ROLES.reporter);

    expect(ran(await tickBoth("2021-06-21 23:59:59"), "reminder:")).toEqual([]);
    const first = await tickBoth("2021-06-22 00:00:00");
    expect(ran(first, "reminder:")).toEqual(expect.arrayContaining([
      { key: `reminder:${TREE.tongguan}:2021-06:3`, outcome: "reminded" },
      { key: `reminder:${TREE.zongyang}:2021-06:3`, outcome: "filed: no reminder" },
    ]));
    expect(ran(first, "reminder:")).toHaveLength(2);
    // No job ran on both nodes.
    const runs = ran(first, "").map((r) => r.key);
    expect(new Set(runs).size).toBe(runs.length);
    expect(await juneOf(TREE.tongguan, ROLES.reporter, "reminder")).toHaveLength(1);
    expect(await juneOf(TREE.zongyang, ROLES.reporter, "reminder")).toHaveLength(0);

    expect(ran(await tickBoth("2021-06-22 00:05:00"), "reminder:")).toEqual([]);
    await tickBoth("2021-06-24 00:00:00");
    const reminders = await juneOf(TREE.tongguan, ROLES.reporter, "reminder");
    expect(reminders.map((n) => n.title)).toEqual(["2021-06 月度报告将于 2021-06-24 截止", "2021-06 月度报告将于 2021-06-24 截止"]);
    // The city's reviewers are not reminded: reminders are the counties'.
    expect(await juneOf(TREE.tongling, ROLES.reviewer, "reminder")).toEqual([]);
    // The outbound gateway got each reminder once.
    const keys = gw.received.map((r) => r.key).filter((k) => k.startsWith("reminder:"));
    expect(keys.sort()).toEqual([`reminder:${TREE.tongguan}:2021-06:1:reporter`, `reminder:${TREE.tongguan}:2021-06:3:reporter`]);
  });

  it("in-app notifications are per jurisdiction and read per user", async () => {
    const [latest] = await inbox(TREE.tongguan, ROLES.reporter);
    await a.call(A.notifications.markRead, { id: latest.id }, TREE.tongguan, ROLES.reporter, "someone");
    const unread = await inbox(TREE.tongguan, ROLES.reporter, { unreadOnly: true });
    expect(unread.map((n) => n.id)).not.toContain(latest.id);
    // Another county's notification is not found; viewers have no inbox.
    await expect(a.call(A.notifications.markRead, { id: latest.id }, TREE.zongyang, ROLES.reporter)).rejects.toMatchObject({ code: 404 });
    await expect(a.call(A.notifications.list, {}, TREE.tongling, ROLES.housing)).rejects.toMatchObject({ type: "TONGLING_FORBIDDEN" });
    // The scheduler is the system's.
    expect(await rejectionOf(a.call(A.scheduler.tick, {}, TREE.tongling, ROLES.admin))).toMatchObject({ type: "TONGLING_SYSTEM_ONLY", code: 403 });
  });

  it("T4: at 00:00 on the 25th a county that has not filed is overdue: county and city notified once; a failed delivery is retried, not repeated", async () => {
    gw.failNextRequests(1);
    const at25 = await tickBoth("2021-06-25 00:00:00");
    expect(ran(at25, "overdue:").filter((r) => r.key.endsWith("2021-06"))).toEqual(expect.arrayContaining([
      { key: `overdue:${TREE.tongguan}:2021-06`, outcome: "overdue: county and city notified" },
      { key: `overdue:${TREE.zongyang}:2021-06`, outcome: "filed" },
    ]));
    expect((await juneOf(TREE.tongguan, ROLES.reporter, "overdue")).map((n) => n.title)).toEqual(["铜官区 2021-06 月度报告逾期未报"]);
    expect((await juneOf(TREE.tongling, ROLES.reviewer, "overdue")).map((n) => n.countyCode)).toEqual([TREE.tongguan]);
    // One of the two deliveries failed; two minutes later it is retried.
    const overdueKeys = () => gw.received.map((r) => r.key).filter((k) => k.startsWith(`overdue:${TREE.tongguan}:2021-06`));
    expect(overdueKeys()).toHaveLength(1);
    await tickBoth("2021-06-25 00:03:00");
    expect(overdueKeys().sort()).toEqual([`overdue:${TREE.tongguan}:2021-06:reporter`, `overdue:${TREE.tongguan}:2021-06:reviewer`]);
    await tickBoth("2021-06-26 00:00:00");
    expect(overdueKeys()).toHaveLength(2);
    expect(gw.received.find((r) => r.key === `overdue:${TREE.tongguan}:2021-06:reviewer`)!.body).toMatchObject({ kind: "overdue", audience: "reviewer", jurisdiction: TREE.tongling, period: "2021-06" });
  });

  it("jobs survive restarts: a node that dies holding a job loses it when the lease expires, and another node runs it once", async () => {
    await tickBoth("2021-07-21 23:00:00");
    const ds = a.host.ds;
    const job = (await listJobs(ds, { kind: "reminder", jurisdiction: TREE.tongguan })).find((j) => j.key === `reminder:${TREE.tongguan}:2021-07:3`)!;
    expect(job).toMatchObject({ state: "pending", dueAt: beijing("2021-07-22 00:00:00") });
    // A node claims it and dies before finishing.
    expect(await claim(ds, job.id, "dead-node", beijing("2021-07-22 00:00:00"))).toBe(true);
    // Held by the dead node: the other nodes leave it (Zongyang's own reminder runs as usual).
    expect(ran(await tickBoth("2021-07-22 00:01:00"), "reminder:").map((r) => r.key)).toEqual([`reminder:${TREE.zongyang}:2021-07:3`]);
    // Node b goes away; c starts on the same database and finds the job once the lease is over.
    await b.t.stop();
    c = await startNode({ kind, dbUrl: a.t.db!.url, keyFile: a.keyFile });
    c.at("2021-07-22 00:06:00");
    const afterRestart = await c.system<Tick>(A.scheduler.tick, {}, null);
    expect(afterRestart.ran.filter((r) => r.key === job.key)).toEqual([{ key: job.key, outcome: "reminded" }]);
    // The dead node's late "done" changes nothing; the reminder exists once.
    expect(await complete(ds, job.id, "dead-node", beijing("2021-07-22 00:07:00"), "late")).toBe(false);
    a.at("2021-07-22 00:08:00");
    await a.system(A.scheduler.tick, {}, null);
    expect((await inbox(TREE.tongguan, ROLES.reporter)).filter((n) => n.period === "2021-07" && n.kind === "reminder")).toHaveLength(1);
    expect((await listJobs(ds, { kind: "reminder" })).find((j) => j.id === job.id)).toMatchObject({ state: "done", attempts: 2, outcome: "reminded" });
  });

  it("a county where the plugin was disabled after its jobs were planned gets no notice", async () => {
    await a.host.plugins.disable("tongling-reporting", TREE.zongyang);
    // The other node learns of it from the shared database's generation counter (polled).
    await waitFor("node c sees the disable", () => !c!.host.plugins.cache.isEnabled("tongling-reporting", TREE.zongyang));
    const ticks = await Promise.all([a, c!].map((n) => { n.at("2021-07-25 00:00:00"); return n.system<Tick>(A.scheduler.tick, {}, null); }));
    expect(ran(ticks, `overdue:${TREE.zongyang}:2021-07`)).toEqual([{ key: `overdue:${TREE.zongyang}:2021-07`, outcome: "skipped: plugin not enabled" }]);
    expect(ran(ticks, `overdue:${TREE.tongguan}:2021-07`)).toEqual([{ key: `overdue:${TREE.tongguan}:2021-07`, outcome: "overdue: county and city notified" }]);
    await a.host.plugins.enable("tongling-reporting", TREE.zongyang);
  });
});

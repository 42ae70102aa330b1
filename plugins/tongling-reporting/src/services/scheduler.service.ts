/**
 * The scheduler: every node ticks (on a timer, or when a test or the CLI calls `tick`), and each
 * tick plans the jobs due by now, runs those this node manages to claim, and delivers queued
 * notifications. Two nodes ticking at once split the work: the claims decide, never the timer.
 * A node on a fixed clock (tests, demo seeding) does not tick by itself.
 */
import crypto from "node:crypto";
import type { Context, ServiceSchema } from "moleculer";
import { hostOf, systemContext } from "@anju/kernel";
import { TonglingActions, TonglingServices } from "../actions.js";
import { systemOnly } from "../access.js";
import { nowOf, usesSystemClock } from "../clock.js";
import { PLUGIN_ID } from "../constants.js";
import { claim, complete, dueJobs, fail, JOB_KINDS, listJobs, plan, type JobKind } from "../scheduler/jobs.js";
import { deliverPending } from "../scheduler/notify.js";
import { jobsFor } from "../scheduler/planner.js";
import { RUNNERS } from "../scheduler/runners.js";
import { code, enumOf, object } from "../reports/schema.js";

/** How often a node on the system clock ticks; jitter spreads nodes started together. */
const TICK_MS = 60_000;

interface TickResult { planned: number; ran: Array<{ key: string; outcome: string }>; failed: Array<{ key: string; error: string }>; delivered: number }

export const schedulerService: ServiceSchema = {
  name: TonglingServices.scheduler,
  created() {
    // One owner id per service instance: two hosts in one process share a node id.
    this.owner = `${this.broker.nodeID}:${crypto.randomUUID()}`;
    this.timer = null as NodeJS.Timeout | null;
    this.ticking = false;
  },
  started() {
    const host = hostOf(this.broker);
    this.timer = setInterval(() => {
      if (this.ticking || !usesSystemClock(this.broker)) return;
      this.ticking = true;
      host.call(TonglingActions.scheduler.tick, {}, systemContext())
        .catch((err: Error) => this.logger.warn(`铜陵月报调度失败 / Tongling scheduler tick failed: ${err.message}`))
        .finally(() => { this.ticking = false; });
    }, TICK_MS + Math.floor(Math.random() * 5000));
    this.timer.unref();
  },
  stopped() {
    if (this.timer) clearInterval(this.timer);
  },
  actions: {
    tick: systemOnly({
      params: object({}),
      async handler(this: { owner: string }, ctx: Context): Promise<TickResult> {
        const ds = hostOf(ctx.broker).ds;
        const now = nowOf(ctx.broker);
        let planned = 0;
        for (const job of await jobsFor(ctx.broker, now)) if (await plan(ds, job, now)) planned += 1;
        const ran: TickResult["ran"] = [];
        const failed: TickResult["failed"] = [];
        for (const job of await dueJobs(ds, now)) {
          if (!(await claim(ds, job.id, this.owner, now))) continue;
          try {
            // Planned while the plugin was enabled there; disabled since, it stays quiet.
            const enabled = hostOf(ctx.broker).plugins.cache.isEnabled(PLUGIN_ID, job.jurisdiction);
            const outcome = enabled ? await RUNNERS[job.kind](ctx.broker, job, now) : "skipped: plugin not enabled";
            if (await complete(ds, job.id, this.owner, now, outcome)) ran.push({ key: job.key, outcome });
          } catch (err) {
            await fail(ds, job, this.owner, now, (err as Error).message);
            failed.push({ key: job.key, error: (err as Error).message });
          }
        }
        const delivered = await deliverPending(ctx.broker, this.owner, now);
        return { planned, ran, failed, delivered };
      },
    }),

    jobs: systemOnly({
      params: object({ kind: enumOf(JOB_KINDS), jurisdiction: code, state: enumOf(["pending", "running", "done", "failed"]) }),
      async handler(ctx: Context<{ kind?: JobKind; jurisdiction?: string; state?: string }>) {
        return listJobs(hostOf(ctx.broker).ds, ctx.params);
      },
    }),
  },
};

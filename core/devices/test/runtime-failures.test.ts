/**
 * Drivers broken on purpose, each in a real child process: one that throws while loading, one
 * that exits mid-batch, one that hangs, one that eats memory. The host process keeps serving
 * (another driver keeps decoding), the broken one shows `degraded` and is restarted with
 * growing backoff, and the batch in flight when a child dies comes back DRIVER_UNAVAILABLE so
 * the caller retries it after the restart — no valid reading is lost.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DecodeBatchResult, DriverStatus, RawMessage } from "../src/runtime/index.js";
import { FAST, alive, fixtureSpec, msg, reading, rejectionOf, supervisor, waitFor, type Recorder } from "./fixtures/drivers/harness.js";

let current: Recorder | undefined;
const markers: string[] = [];
afterEach(async () => {
  await current?.sup.stopAll();
  current = undefined;
  for (const m of markers.splice(0)) fs.rmSync(m, { force: true });
});

/** A file the crashing fixture can see: inside its own package, the only place a sandboxed driver may read. */
function markerPath(): string {
  const file = path.join(fixtureSpec("exits-mid-batch").dir, `.marker-${process.pid}-${markers.length}-${Date.now()}`);
  markers.push(file);
  return file;
}

/** The caller's side of the contract: keep the batch, retry while the driver is unavailable. */
async function decodeWithRetry(r: Recorder, pluginId: string, batch: RawMessage[]): Promise<{ result: DecodeBatchResult; refusals: string[] }> {
  const refusals: string[] = [];
  for (;;) {
    try {
      return { result: await r.sup.decode(pluginId, batch), refusals };
    } catch (err) {
      const code = (err as { type?: string }).type ?? String(err);
      if (code !== "DRIVER_UNAVAILABLE" || refusals.length > 500) throw err;
      refusals.push(code);
      await new Promise((res) => setTimeout(res, 20));
    }
  }
}

const statesOf = (history: DriverStatus[], pluginId: string) => history.filter((s) => s.pluginId === pluginId).map((s) => s.state);

describe("driver runtime with broken drivers", () => {
  it("a driver that throws while loading: start is refused with its error, it stays degraded and is retried with doubling backoff up to the maximum", async () => {
    const r = (current = supervisor());
    const err = await rejectionOf(r.sup.start(fixtureSpec("throws-at-load")));
    expect(err).toMatchObject({ type: "DRIVER_START_FAILED", code: 502 });
    expect(err.message).toContain("cannot read config.yaml");

    const failures = () => r.history.filter((s) => s.pluginId === "fx-throws-at-load" && s.state === "degraded");
    await waitFor(() => failures().length >= 5, "five failed starts");
    expect(failures().slice(0, 5).map((s) => s.backoffMs)).toEqual([100, 200, 400, 800, 800]);
    expect(r.statusOf("fx-throws-at-load")).toMatchObject({ state: "degraded", pid: null, lastError: expect.stringContaining("cannot read config.yaml") });
    expect(r.statusOf("fx-throws-at-load")!.restarts).toBeGreaterThanOrEqual(4);
    expect(await rejectionOf(r.sup.decode("fx-throws-at-load", [reading("D1", { temp: 1 })]))).toMatchObject({ type: "DRIVER_UNAVAILABLE", code: 503 });
  });

  it("a driver that exits mid-batch: the batch is refused DRIVER_UNAVAILABLE, the driver comes back and the retried batch decodes in full", async () => {
    const r = (current = supervisor());
    const first = await r.sup.start(fixtureSpec("exits-mid-batch"));
    await r.sup.start(fixtureSpec("json"));
    const marker = markerPath();
    const batch = [reading("D1", { temp: 20 }), msg({ crashUnless: marker }), reading("D2", { temp: 21 })];

    const err = await rejectionOf(r.sup.decode("fx-exits-mid-batch", batch));
    fs.writeFileSync(marker, "seen");
    expect(err).toMatchObject({ type: "DRIVER_UNAVAILABLE", code: 503 });
    expect(err.data).toMatchObject({ pluginId: "fx-exits-mid-batch", reason: "exited with code 3", inFlight: true });
    // While it restarts, batches are refused up front: not in flight, so not suspects.
    expect((await rejectionOf(r.sup.decode("fx-exits-mid-batch", batch))).data).toMatchObject({ reason: "exited with code 3", inFlight: false });

    // Meanwhile the host, and the other driver, keep answering.
    const other = await r.sup.decode("fx-json", [reading("D9", { temp: 5 })]);
    expect(other.readings).toHaveLength(1);

    const { result, refusals } = await decodeWithRetry(r, "fx-exits-mid-batch", batch);
    expect(refusals.length).toBeGreaterThan(0); // it was down in between
    expect(result.readings.map((x) => `${x.deviceCode}:${x.value}`)).toEqual(["D1:20", "D2:21"]);
    expect(result.rejected).toEqual([]);

    const now = r.statusOf("fx-exits-mid-batch")!;
    expect(now).toMatchObject({ state: "running", restarts: 1, lastError: "exited with code 3" });
    expect(now.pid).not.toBe(first.pid);
    await waitFor(() => !alive(first.pid!), "the old child to be gone");
    expect(statesOf(r.history, "fx-exits-mid-batch")).toEqual(["starting", "running", "degraded", "running"]);
  });

  it("a driver that hangs: missed heartbeats get it killed and restarted; valid batches decode again afterwards", async () => {
    const r = (current = supervisor());
    const first = await r.sup.start(fixtureSpec("hangs"));
    await r.sup.start(fixtureSpec("json"));

    const err = await rejectionOf(r.sup.decode("fx-hangs", [reading("D1", { temp: 20 }), msg({ hang: true })]));
    expect(err).toMatchObject({ type: "DRIVER_UNAVAILABLE" });
    expect(String(err.data?.reason)).toMatch(/^no heartbeat for \d+ ms$/);
    await waitFor(() => !alive(first.pid!), "the old child to be gone");

    // The host's event loop was never blocked: the healthy driver answers while the other restarts.
    expect((await r.sup.decode("fx-json", [reading("D9", { temp: 5 })])).readings).toHaveLength(1);

    const { result } = await decodeWithRetry(r, "fx-hangs", [reading("D1", { temp: 20 }), reading("D2", { temp: 22 })]);
    expect(result.readings.map((x) => x.deviceCode)).toEqual(["D1", "D2"]);
    expect(r.statusOf("fx-hangs")).toMatchObject({ state: "running", restarts: 1 });
    expect(statesOf(r.history, "fx-hangs")).toEqual(["starting", "running", "degraded", "running"]);
  });

  it("a driver that allocates past its memory limit is killed and restarted", async () => {
    const r = (current = supervisor());
    const first = await r.sup.start(fixtureSpec("memory-hog", "driver.ts", { memoryMb: 32 }));
    await r.sup.decode("fx-memory-hog", [msg({ grow: true })]);

    const degraded = await waitFor(() => r.history.find((s) => s.pluginId === "fx-memory-hog" && s.state === "degraded"), "the memory kill");
    expect(degraded.lastError).toMatch(/^memory \d+ MB over the limit of 160 MB$/);
    await waitFor(() => !alive(first.pid!), "the old child to be gone");

    const { result } = await decodeWithRetry(r, "fx-memory-hog", [reading("D1", { temp: 20 })]);
    expect(result.readings).toHaveLength(1);
    expect(r.statusOf("fx-memory-hog")).toMatchObject({ state: "running", restarts: 1 });
  });

  it("a driver that fills its V8 heap dies at --max-old-space-size and is restarted", async () => {
    const r = (current = supervisor());
    await r.sup.start(fixtureSpec("memory-hog", "driver.ts", { memoryMb: 32 }));
    const err = await rejectionOf(r.sup.decode("fx-memory-hog", [msg({ growHeap: true })]));
    expect(err).toMatchObject({ type: "DRIVER_UNAVAILABLE" });
    const { result } = await decodeWithRetry(r, "fx-memory-hog", [reading("D1", { temp: 20 })]);
    expect(result.readings).toHaveLength(1);
    expect(r.statusOf("fx-memory-hog")).toMatchObject({ state: "running", restarts: 1, lastError: expect.stringMatching(/^exited (on SIGABRT|on SIGTRAP|with code 134)|heap/i) });
  });

  it("a driver that ran stably for stableMs starts again from the initial backoff; one that fails soon after a restart backs off longer", async () => {
    const crash = async (r: Recorder) => {
      const marker = markerPath();
      await rejectionOf(r.sup.decode("fx-exits-mid-batch", [msg({ crashUnless: marker })]));
      fs.writeFileSync(marker, "seen");
      await decodeWithRetry(r, "fx-exits-mid-batch", [reading("D1", { temp: 1 })]);
    };
    const backoffs = (r: Recorder) => r.history.filter((s) => s.state === "degraded").map((s) => s.backoffMs);

    const stable = (current = supervisor({ ...FAST, stableMs: 200 }));
    await stable.sup.start(fixtureSpec("exits-mid-batch"));
    await crash(stable);
    await new Promise((res) => setTimeout(res, 600)); // past stableMs
    await crash(stable);
    expect(backoffs(stable)).toEqual([100, 100]);
    await stable.sup.stopAll();

    const flapping = (current = supervisor({ ...FAST, stableMs: 60_000 }));
    await flapping.sup.start(fixtureSpec("exits-mid-batch"));
    await crash(flapping);
    await crash(flapping);
    expect(backoffs(flapping)).toEqual([100, 200]);
  });

  it("stopping a degraded driver ends its retries", async () => {
    const r = (current = supervisor());
    await rejectionOf(r.sup.start(fixtureSpec("throws-at-load")));
    await r.sup.stop("fx-throws-at-load");
    const seen = r.history.length;
    await new Promise((res) => setTimeout(res, 500)); // longer than the next backoff (200 ms)
    expect(r.history.slice(seen)).toEqual([]);
    expect(r.history.at(-1)).toMatchObject({ state: "stopped" });
  });
});

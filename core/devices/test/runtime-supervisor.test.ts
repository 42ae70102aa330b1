/**
 * The driver runtime with drivers that behave, and with drivers that answer nonsense: each runs
 * in a real child process; what the host gets back is always checked readings or rejections
 * with a reason, never a crash.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_SUPPORTED } from "../src/runtime/launch.js";
import { fixtureSpec, msg, reading, rejectionOf, supervisor, type Recorder } from "./fixtures/drivers/harness.js";
import { GENERIC_PROFILE } from "./fixtures/drivers/profile.js";

let current: Recorder | undefined;
const use = (...args: Parameters<typeof supervisor>) => (current = supervisor(...args));
afterEach(async () => {
  await current?.sup.stopAll();
  current = undefined;
});
const profileOf = () => GENERIC_PROFILE;

describe.each(["advanced", "json"] as const)("driver supervisor over %s IPC", (serialization) => {
  it("starts a TypeScript driver in its own process, reports its profiles and decodes a batch", async () => {
    const { sup, history } = use(undefined, serialization);
    const status = await sup.start(fixtureSpec("json"));
    expect(status).toMatchObject({ pluginId: "fx-json", driverId: "fixture-json", state: "running", restarts: 0, lastError: null });
    expect(status.pid).not.toBe(process.pid);
    expect(status.profiles.map((p) => p.id)).toEqual(["generic"]);
    expect(history.map((s) => s.state)).toEqual(["starting", "running"]);

    const result = await sup.decode("fx-json", [reading("D1", { temp: 21.5, alarm: true }), reading("D2", { temp: 200 }), msg("{not json", "anju/340102/D3/up")], profileOf);
    expect(result.readings).toEqual([
      expect.objectContaining({ deviceCode: "D1", resource: "temp", value: 21.5, unit: "°C", quality: "good" }),
      expect.objectContaining({ deviceCode: "D1", resource: "alarm", value: true, quality: "good" }),
      // Out of the profile's range: kept, marked uncertain.
      expect.objectContaining({ deviceCode: "D2", resource: "temp", value: 200, quality: "uncertain" }),
    ]);
    expect(result.origins).toEqual([0, 0, 1]);
    // JSON.parse threw inside the driver: not a DecodeError, so the SDK's DRIVER_THREW.
    expect(result.rejected).toEqual([{ topic: "anju/340102/D3/up", code: "DRIVER_THREW", reason: expect.stringContaining("JSON") }]);
  });
});

describe("driver supervisor", () => {
  it("runs a JavaScript driver without the TypeScript loader, and a TypeScript one with it, both under the heap limit", async () => {
    const { sup } = use();
    await sup.start(fixtureSpec("json-js", "driver.cjs"));
    await sup.start(fixtureSpec("env-snoop"));
    const js = await sup.decode("fx-json-js", [msg({ probe: true })]);
    const jsArgv = JSON.parse(js.readings[0].value as string) as string[];
    expect(jsArgv[0]).toBe("--max-old-space-size=64");
    expect(jsArgv).not.toContain("--import");
    expect(jsArgv.some((a) => a === "--permission" || a === "--experimental-permission")).toBe(SANDBOX_SUPPORTED);
    const ts = await sup.decode("fx-env-snoop", [msg({})]);
    const tsArgv = JSON.parse(ts.readings.find((r) => r.resource === "execArgv")!.value as string) as string[];
    expect(tsArgv[0]).toBe("--max-old-space-size=64");
    expect(tsArgv[tsArgv.indexOf("--import") + 1]).toMatch(/^file:\/\/.*\/node_modules\/tsx\//);
  });

  describe("secrets", () => {
    const secretFile = path.join(os.tmpdir(), `anju-host-secret-${process.pid}.json`);
    const saved = { ...process.env };
    beforeEach(() => {
      fs.writeFileSync(secretFile, JSON.stringify({ db: "mysql://root:s3cret-pw@db/anju" }));
      Object.assign(process.env, { ANJU_DB_PASSWORD: "s3cret-pw", ANJU_SECRET_KEY: "k3y", DATABASE_URL: "mysql://root:s3cret-pw@db/anju", NODE_OPTIONS: "--require /tmp/evil.js" });
    });
    afterEach(() => {
      fs.rmSync(secretFile, { force: true });
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    });
    const probe = async (sandbox: boolean) => {
      const { sup } = use(undefined, undefined, sandbox);
      await sup.start(fixtureSpec("env-snoop"));
      const { readings } = await sup.decode("fx-env-snoop", [msg({ outside: secretFile })]);
      return Object.fromEntries(readings.map((r) => [r.resource, r.value as string]));
    };

    it("gives the driver none of the host's environment: no ANJU_* variables, no database URL, no NODE_OPTIONS", async () => {
      const seen = JSON.parse((await probe(true)).env) as Record<string, string>;
      expect(Object.keys(seen).filter((k) => k.startsWith("ANJU_") || k === "DATABASE_URL" || k === "NODE_OPTIONS")).toEqual([]);
      expect(JSON.stringify(seen)).not.toContain("s3cret-pw");
      expect(seen.PATH).toBe(process.env.PATH);
    });

    it.runIf(SANDBOX_SUPPORTED)("sandboxed, the driver cannot read the host's environment from /proc or files outside its package, write files or start processes", async () => {
      expect(await probe(true)).toMatchObject({ hostEnviron: "denied:ERR_ACCESS_DENIED", readOutside: "denied:ERR_ACCESS_DENIED", write: "denied:ERR_ACCESS_DENIED", spawn: "denied:ERR_ACCESS_DENIED" });
    });

    it("without the sandbox the same driver reads the host's environment through /proc (why the sandbox is on by default)", async () => {
      const seen = await probe(false);
      expect(seen.hostEnviron).toMatch(/^allowed:\d+$/);
      expect(seen.readOutside).toMatch(/^allowed:\d+$/);
    });
  });

  it.each([
    // JSON has no NaN, Infinity or functions: they arrive as null or not at all.
    ["json", { nan: "VALUE_TYPE", infinity: "VALUE_TYPE", function: "VALUE_TYPE" }],
    ["advanced", { nan: "VALUE_NOT_FINITE", infinity: "VALUE_NOT_FINITE", function: "DRIVER_OUTPUT_INVALID" }],
  ] as const)("turns every kind of garbage a driver returns into rejections with a reason over %s IPC, and keeps decoding", async (serialization, differs) => {
    const { sup, statusOf } = use(undefined, serialization);
    await sup.start(fixtureSpec("garbage"));
    const expected: Record<string, string> = {
      missing: "VALUE_TYPE", wrongTypes: "DEVICE_CODE_INVALID", wrongKind: "VALUE_TYPE", hugeString: "VALUE_TOO_LONG", notArray: "DRIVER_OUTPUT_INVALID",
      nullish: "DRIVER_OUTPUT_INVALID", unknownResource: "RESOURCE_UNKNOWN", throwsPlain: "DRIVER_THREW", throwsCoded: "PAYLOAD_TRUNCATED",
      promise: "DRIVER_OUTPUT_INVALID", ...differs,
    };
    const batch = [...Object.keys(expected).map((g) => msg({ garbage: g }, `anju/340102/D1/${g}`)), reading("D1", { temp: 20 })];
    const { readings, rejected } = await sup.decode("fx-garbage", batch, profileOf);

    expect(readings).toEqual([expect.objectContaining({ deviceCode: "D1", resource: "temp", value: 20, quality: "good" })]);
    const codes = Object.fromEntries(Object.keys(expected).map((g) => [g, rejected.filter((r) => r.topic.endsWith(`/${g}`)).map((r) => r.code).join(",")]));
    expect(codes).toEqual(expected);
    for (const r of rejected) expect(r.reason.length).toBeGreaterThan(0);
    expect(JSON.stringify(rejected).length).toBeLessThan(10_000); // a megabyte of garbage is not echoed back

    // Past the SDK's limit of 1000 readings per message, the rest is refused as one rejection.
    const many = await sup.decode("fx-garbage", [msg({ garbage: "tooMany" })], profileOf);
    expect(many.readings).toHaveLength(1000);
    expect(many.rejected.map((r) => r.code)).toEqual(["TOO_MANY_READINGS"]);
    expect(statusOf("fx-garbage")).toMatchObject({ state: "running", restarts: 0 });
  });

  it("refuses a payload over the size limit without sending it to the driver, and decodes the rest of the batch", async () => {
    const { sup } = use();
    await sup.start(fixtureSpec("json"));
    const big = msg({ device: "D1", ts: Date.now(), values: { note: "x".repeat(300 * 1024) } }, "anju/340102/D1/big");
    const { readings, rejected } = await sup.decode("fx-json", [reading("D1", { temp: 1 }), big, reading("D2", { temp: 2 })]);
    expect(readings.map((r) => r.deviceCode)).toEqual(["D1", "D2"]);
    expect(rejected).toEqual([{ topic: "anju/340102/D1/big", code: "PAYLOAD_TOO_LARGE", reason: expect.stringMatching(/^\d+ bytes, limit 262144$/) }]);
  });

  it("counts and ignores what the child sends outside the protocol (a second hello does not replace the profiles)", async () => {
    const { sup, statusOf } = use();
    await sup.start(fixtureSpec("garbage"));
    await sup.decode("fx-garbage", [msg({ spam: true })]);
    const after = await sup.decode("fx-garbage", [reading("D1", { temp: 1 })]);
    expect(after.readings).toHaveLength(1);
    expect(statusOf("fx-garbage")).toMatchObject({ state: "running", driverId: "fixture-garbage", protocolViolations: 5, restarts: 0 });
    expect(statusOf("fx-garbage")!.profiles.map((p) => p.id)).toEqual(["generic"]);
  });

  it("refuses a driver whose profiles are invalid with DRIVER_PROFILES_INVALID naming the field", async () => {
    const { sup, statusOf } = use();
    const err = await rejectionOf(sup.start(fixtureSpec("bad-profiles")));
    expect(err).toMatchObject({ type: "DRIVER_PROFILES_INVALID", code: 422, data: { field: "profiles.0.resources.0.kind" } });
    expect(statusOf("fx-bad-profiles")).toMatchObject({ state: "degraded", pid: null });
  });

  it("refuses an entry outside the package folder and a missing one with DRIVER_ENTRY_INVALID", async () => {
    const { sup } = use();
    const outside = fixtureSpec("json", "../garbage/driver.ts");
    expect(await rejectionOf(sup.start(outside))).toMatchObject({ type: "DRIVER_ENTRY_INVALID", code: 422 });
    expect(await rejectionOf(sup.start(fixtureSpec("json", "nope.ts")))).toMatchObject({ type: "DRIVER_ENTRY_INVALID", code: 422 });
  });

  it("answers DRIVER_NOT_STARTED for a plugin it does not run, and stop() ends the child", async () => {
    const { sup } = use();
    expect(await rejectionOf(sup.decode("fx-nothing", [reading("D1", { temp: 1 })]))).toMatchObject({ type: "DRIVER_NOT_STARTED", code: 404 });
    const { pid } = await sup.start(fixtureSpec("json"));
    await sup.stop("fx-json");
    expect(await rejectionOf(sup.decode("fx-json", [reading("D1", { temp: 1 })]))).toMatchObject({ type: "DRIVER_NOT_STARTED" });
    expect(() => process.kill(pid!, 0)).toThrow();
  });
});

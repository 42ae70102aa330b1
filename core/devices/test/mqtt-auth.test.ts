/**
 * Device credentials on the embedded broker (mqtt.requireDeviceAuth, on by default): a device
 * signs in with its code and the secret issued for it, publishes only under its own topics; the
 * secret is shown once, stored only as a salted hash, rotation ends the old one, and refusals
 * are counted and audited (failed sign-ins in aggregate).
 */
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@anju/kernel/testing";
import { hashSecret, MqttGuard } from "../src/ingest/auth.js";
import { RejectionCounters } from "../src/ingest/counters.js";
import type { Device } from "../src/registry/store.js";
import { C, registerDevice, startDevicesNode, telemetry, topicOf, waitFor, type DevicesNode } from "./helpers.js";

describe.each(testDbKinds())("MQTT device credentials (%s)", (kind) => {
  let node: DevicesNode;
  const open: mqtt.MqttClient[] = [];
  beforeAll(async () => {
    node = await startDevicesNode(kind);
    await registerDevice(node, "AU-1");
    await registerDevice(node, "AU-2");
  }, 60_000);
  afterAll(async () => {
    for (const c of open) await c.endAsync(true).catch(() => undefined);
    await node?.close();
  });

  const url = () => `mqtt://127.0.0.1:${node.rt.mqtt!.port}`;
  const connect = async (username?: string, password?: string) => {
    const c = await mqtt.connectAsync(url(), { clientId: `auth-${Math.random().toString(16).slice(2)}`, username, password, reconnectPeriod: 0 });
    open.push(c);
    return c;
  };
  const refused = async (username?: string, password?: string): Promise<string> => {
    try {
      await connect(username, password);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`sign-in as ${username} was accepted`);
  };
  const issue = async (code: string, user: "operator" | "police" = "operator") => node.api(user, "POST", `/api/devices/${code}/credential`);
  const stats = async () => (await node.api("admin", "GET", "/api/devices/ingest/stats")).body as { rejected: Record<string, number>; mqtt: { requireDeviceAuth: boolean } };
  const readings = (code: string) => node.count("anju_device_reading", "device_code = ?", [code]);

  it("the secret is shown once, stored only as a salted hash; the device signs in with it and its readings are stored", async () => {
    const res = await issue("AU-1");
    expect(res.status).toBe(200);
    const secret = res.body.secret as string;
    expect(res.body).toMatchObject({ code: "AU-1", username: "AU-1", rotated: false, requireDeviceAuth: true, topic: `anju/${C.yhCommunity}/AU-1/` });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Never again: not in the device's view, not in the list.
    const got = await node.api("operator", "GET", "/api/devices/AU-1");
    expect(got.status).toBe(200);
    expect(got.body.credentialIssuedAt).toBe(res.body.issuedAt);
    expect(JSON.stringify(got.body)).not.toContain(secret);
    expect(JSON.stringify((await node.api("operator", "GET", "/api/devices")).body)).not.toContain(secret);
    // The row holds a salted hash, not the secret.
    const [row] = await node.n.host.ds.query("SELECT * FROM anju_device WHERE code = 'AU-1'");
    expect(String(row.mqtt_secret_hash)).toMatch(/^hs256\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await node.count("anju_audit", "action = 'devices.device.credential' AND object = 'AU-1' AND result = 'success'")).toBe(1);
    expect((await stats()).mqtt.requireDeviceAuth).toBe(true);

    const c = await connect("AU-1", secret);
    await c.publishAsync(topicOf(C.yhCommunity, "AU-1"), telemetry({ pressure: 0.31 }));
    await waitFor("AU-1's reading stored", async () => (await readings("AU-1")) === 1);
  });

  it("a wrong secret, an unknown device, a device without a credential and no credentials at all are refused, counted and audited per address", async () => {
    const before = (await stats()).rejected.MQTT_AUTH_FAILED ?? 0;
    expect(await refused("AU-1", "not-the-secret")).toMatch(/Bad username or password|Not authorized/);
    expect(await refused("NO-SUCH", "whatever")).toMatch(/Bad username or password|Not authorized/);
    expect(await refused("AU-2", "whatever")).toMatch(/Bad username or password|Not authorized/); // AU-2 has no credential yet
    expect(await refused()).toMatch(/Bad username or password|Not authorized/);
    await waitFor("4 sign-ins counted", async () => ((await stats()).rejected.MQTT_AUTH_FAILED ?? 0) === before + 4);
    // One audit row for the address with the count, not one per attempt.
    const audit = await waitFor("aggregated audit row", async () => {
      const found: Array<{ detail: unknown; ip: string | null }> = await node.n.host.ds.query("SELECT detail, ip FROM anju_audit WHERE action = 'devices.mqtt.authFailed'");
      return found.length ? found : null;
    });
    expect(audit).toHaveLength(1);
    const detail = typeof audit[0].detail === "string" ? JSON.parse(audit[0].detail) : audit[0].detail;
    expect(detail.count).toBe(4);
    expect(detail.usernames).toEqual(expect.arrayContaining(["AU-1", "NO-SUCH"]));
    expect(JSON.stringify(detail)).not.toContain("not-the-secret");
  });

  it("a device publishing on another device's topic is dropped and counted; it cannot subscribe to another device's topics", async () => {
    const two = (await issue("AU-2")).body.secret as string;
    const one = (await issue("AU-1")).body.secret as string;
    const before = (await stats()).rejected.MQTT_TOPIC_DENIED ?? 0;
    const c2 = await connect("AU-2", two);
    await expect(c2.subscribeAsync(`anju/${C.yhCommunity}/AU-1/#`)).rejects.toThrow(); // SUBACK 0x80
    expect((await c2.subscribeAsync(`anju/${C.yhCommunity}/AU-2/#`)).map((g) => g.qos)).toEqual([0]);
    const c1 = await connect("AU-1", one);
    const closed = new Promise<void>((resolve) => c1.once("close", () => resolve()));
    c1.publish(topicOf(C.yhCommunity, "AU-2"), telemetry({ pressure: 0.01 }));
    await closed;
    await waitFor("the foreign publish counted", async () => ((await stats()).rejected.MQTT_TOPIC_DENIED ?? 0) >= before + 2);
    // AU-2's own message still flows, AU-1's impersonation did not land.
    await c2.publishAsync(topicOf(C.yhCommunity, "AU-2"), telemetry({ pressure: 0.3 }));
    await waitFor("AU-2's own reading stored", async () => (await readings("AU-2")) === 1);
    await node.rt.drained();
    expect(await node.count("anju_device_reading", "device_code = 'AU-2' AND value_num = 0.01")).toBe(0);
  });

  it("rotating the secret ends the old one (open sessions closed, sign-in refused); rotation is audited", async () => {
    const old = (await issue("AU-1")).body.secret as string;
    const c = await connect("AU-1", old);
    const closed = new Promise<void>((resolve) => c.once("close", () => resolve()));
    const rotated = await issue("AU-1");
    expect(rotated.body.rotated).toBe(true);
    await closed;
    expect(await refused("AU-1", old)).toMatch(/Bad username or password|Not authorized/);
    const fresh = await connect("AU-1", rotated.body.secret);
    await fresh.publishAsync(topicOf(C.yhCommunity, "AU-1"), telemetry({ pressure: 0.32 }));
    await waitFor("AU-1 reads again", async () => (await readings("AU-1")) === 2);
    const rows: Array<{ detail: unknown }> = await node.n.host.ds.query("SELECT detail FROM anju_audit WHERE action = 'devices.device.credential' AND object = 'AU-1'");
    expect(rows.map((r) => (typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail).rotated)).toContain(true);
  });

  it("issuing needs the device-manage permission, and another jurisdiction's device is not found", async () => {
    expect((await issue("AU-1", "police")).status).toBe(403);
    await registerDevice(node, "AU-TG", C.tgCommunity);
    const res = await issue("AU-TG");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("DEVICE_NOT_FOUND");
  });
});

describe("MQTT sign-in back-off", () => {
  it("after five failures from one address further attempts are refused outright for a pause that doubles; a success clears it", async () => {
    let now = 1_000_000;
    const device = { code: "BK-1", jurisdiction: "x", secretHash: null } as unknown as Device;
    const guard = new MqttGuard("anju", async (code) => (code === "BK-1" ? device : null), new RejectionCounters(() => undefined), () => now);
    const client = { id: "c", conn: { remoteAddress: "10.0.0.9" } };
    const attempt = () => new Promise<boolean>((resolve) => guard.authenticate(client, "BK-1", Buffer.from("wrong"), (err, ok) => resolve(!err && !!ok)));
    for (let i = 0; i < 4; i++) expect(await attempt()).toBe(false);
    expect(guard.blocked("10.0.0.9")).toBe(false);
    expect(await attempt()).toBe(false);
    expect(guard.blocked("10.0.0.9")).toBe(true);
    expect(guard.blocked("10.0.0.10")).toBe(false);
    now += 1001;
    expect(guard.blocked("10.0.0.9")).toBe(false);
    expect(await attempt()).toBe(false);
    now += 1001;
    expect(guard.blocked("10.0.0.9")).toBe(true); // two seconds this time
    now += 1000;
    expect(guard.blocked("10.0.0.9")).toBe(false);
    // One aggregated audit entry for the address.
    const due = guard.dueAudits();
    expect(due).toEqual([expect.objectContaining({ address: "10.0.0.9", count: 6, usernames: ["BK-1"] })]);
    expect(guard.dueAudits()).toEqual([]);
    device.secretHash = hashSecret("right");
    const ok = await new Promise<boolean>((resolve) => guard.authenticate({ ...client, id: "d" }, "BK-1", Buffer.from("right"), (err, r) => resolve(!err && !!r)));
    expect(ok).toBe(true);
    expect(await attempt()).toBe(false);
    expect(guard.blocked("10.0.0.9")).toBe(false);
  });
});

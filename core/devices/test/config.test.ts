/**
 * The `mqtt` config section: defaults for the embedded broker, ANJU_MQTT_URL for an external
 * one, and bad values stopping start-up with CONFIG_INVALID naming the key.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "@anju/kernel";

describe("mqtt config", () => {
  it("defaults to the embedded broker on 1883 under the `anju` prefix, devices signing in with their credential", () => {
    expect(loadConfig({ env: {} }).mqtt).toEqual({ url: null, port: 1883, host: "0.0.0.0", topicPrefix: "anju", qos: 1, requireDeviceAuth: true });
  });

  it("ANJU_MQTT_REQUIRE_DEVICE_AUTH=false turns device sign-in off (the legacy path)", () => {
    expect(loadConfig({ env: { ANJU_MQTT_REQUIRE_DEVICE_AUTH: "false" } }).mqtt?.requireDeviceAuth).toBe(false);
    expect(loadConfig({ env: { ANJU_MQTT_REQUIRE_DEVICE_AUTH: "1" } }).mqtt?.requireDeviceAuth).toBe(true);
  });

  it("takes an external broker from ANJU_MQTT_URL and the embedded port from ANJU_MQTT_PORT", () => {
    const c = loadConfig({ env: { ANJU_MQTT_URL: "mqtt://broker.example:1883", ANJU_MQTT_PORT: "11883" } });
    expect(c.mqtt).toMatchObject({ url: "mqtt://broker.example:1883", port: 11883 });
  });

  it("refuses a URL that is not MQTT and a port out of range, naming the key", () => {
    expect(() => loadConfig({ env: { ANJU_MQTT_URL: "http://broker.example" } })).toThrow(expect.objectContaining({ type: "CONFIG_INVALID", data: expect.objectContaining({ key: expect.stringContaining("mqtt.url") }) }));
    expect(() => loadConfig({ env: { ANJU_MQTT_PORT: "70000" } })).toThrow(expect.objectContaining({ type: "CONFIG_INVALID", data: expect.objectContaining({ key: expect.stringContaining("mqtt.port") }) }));
  });
});

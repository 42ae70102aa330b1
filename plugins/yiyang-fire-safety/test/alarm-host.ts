/**
 * A Yiyang node with the device platform: the community and Yiyang plugins, devicesModule with
 * its embedded MQTT broker, and the smoke-detector sample driver installed (it runs in its own
 * process under the DriverSupervisor). Devices are registered at a community's node and speak
 * over MQTT, so alarms reach the plugin exactly as on a real community node.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll } from "vitest";
import { systemContext, type AuditEvent, type RequestContext } from "@anju/kernel";
import { createTestHost, waitFor, type TestHost } from "@anju/kernel/testing";
import { devicesModule, runtimeOf } from "@anju/devices";
import { privacyModule } from "@anju/privacy";
import { setClock } from "../src/clock.js";
import { auditCapture, beijing, PLUGIN, PLUGINS_DIR, seedTree, TREE, user, type YiyangHost } from "./helpers.js";

export interface AlarmHost extends YiyangHost {
  register(code: string, jurisdiction: string, profileId?: string, driverPluginId?: string): Promise<void>;
  publish(jurisdiction: string, code: string, body: Record<string, unknown>): Promise<void>;
}

export function useAlarmHost(kind: "sqlite" | "mysql", drivers: string[] = ["driver-smoke-json"]): AlarmHost {
  let t: TestHost | undefined;
  const capture = auditCapture();
  let now = beijing("2021-06-01 09:00:00");
  beforeAll(async () => {
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "anju-yy-keys-")), "pi-keys.json");
    t = await createTestHost({
      db: kind, pluginDirs: [PLUGINS_DIR], autoInstall: drivers,
      modules: [privacyModule({ keyFile }), capture.module, devicesModule({ mqtt: { port: 0, host: "127.0.0.1" } })],
    });
    setClock(t.host.broker, () => now);
    await seedTree(t.host);
    await t.host.plugins.install("community");
    await t.host.plugins.enable("community", TREE.province);
    await t.host.plugins.install(PLUGIN);
    await t.host.plugins.enable(PLUGIN, TREE.yiyang);
    for (const id of drivers) await waitFor(`${id} running`, () => runtimeOf(t!.host).drivers.status().some((s) => s.pluginId === id && s.state === "running"), 30_000);
  }, 60_000);
  afterAll(async () => { await t?.stop(); });
  return {
    get t() { return t!; },
    get host() { return t!.host; },
    get audit(): AuditEvent[] { return capture.events; },
    at(when) {
      now = typeof when === "string" ? beijing(when) : when;
      return now;
    },
    call(action, params, jurisdiction, roles, id) {
      return t!.host.call(action, params, user(jurisdiction, roles, id) as RequestContext);
    },
    system(action, params, jurisdiction) {
      return t!.host.call(action, params, systemContext(jurisdiction));
    },
    async register(code, jurisdiction, profileId = "smoke-detector", driverPluginId = "driver-smoke-json") {
      await t!.host.call("devices.register", { code, name: `${code} 设备`, jurisdiction, driverPluginId, profileId }, systemContext());
    },
    async publish(jurisdiction, code, body) {
      // The embedded broker wants the device's own credential (mqtt.requireDeviceAuth).
      const cred = await t!.host.call<{ username: string; secret: string }>("devices.registry.issueCredential", { code }, systemContext());
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${runtimeOf(t!.host).mqtt!.port}`, { username: cred.username, password: cred.secret, reconnectPeriod: 0 });
      await client.publishAsync(`anju/${jurisdiction}/${code}/up`, JSON.stringify({ dev: code, ...body }));
      await client.endAsync();
    },
  };
}

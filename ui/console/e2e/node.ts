/**
 * A node for the browser tests, started in-process the way `anju start` starts one: the
 * security modules, packaging (trusted keys, package upload), forms and the console module, the demo tree and community data, the three
 * administrators with passwords from here, the built console served from ui/console/dist.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemo } from "@anju/cli";
import { startNode, type RunningNode } from "@anju/gateway";
import { formsModule } from "@anju/forms";
import { bootstrapAdmin, type IdentityConfigInput } from "@anju/identity";
import { loadConfig } from "@anju/kernel";
import { packagingModule } from "@anju/packaging";
import { securityModules } from "@anju/security";
import { consoleModule } from "../../../core/console/src/index.js";
import { devicesModule } from "../../../core/devices/src/index.js";

export const CONSOLE_DIST = fileURLToPath(new URL("../dist", import.meta.url));
const PLUGINS_DIR = fileURLToPath(new URL("../../../plugins", import.meta.url));
/** Test plugins (see fixtures/README.md). */
export const FIXTURE_PLUGINS_DIR = fileURLToPath(new URL("./fixtures/plugins", import.meta.url));

export const ADMINS = {
  admin: { role: "system-admin", password: "Hefei#2026-root" },
  secadmin: { role: "security-admin", password: "Tongling#2026-sec" },
  auditadmin: { role: "audit-admin", password: "Yiyang#2026-aud" },
} as const;

export interface E2eNode extends RunningNode {
  url: string;
  dataDir: string;
  /** One-time passwords of administrators created with `mustChange`. */
  generated: Record<string, string>;
  close(): Promise<void>;
}

export interface E2eNodeOptions {
  /** Idle minutes before the server ends a session (H9; default 5). */
  idleMinutes?: number;
  /** Create the administrators with a password to change at first sign-in. */
  mustChange?: boolean;
  /** Offer the fixture plugins too; install these (after the demo data) and enable them where listed. */
  fixtures?: { install: string[]; enable?: Array<{ plugin: string; at: string }> };
  /** The device platform too (embedded MQTT broker on a free port), with these driver plugins installed. */
  devices?: { drivers: string[] };
}

export async function startE2eNode(options: E2eNodeOptions = {}): Promise<E2eNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-console-e2e-"));
  const identity: IdentityConfigInput = options.idleMinutes ? { session: { idleMinutes: options.idleMinutes } } as IdentityConfigInput : {};
  const config = loadConfig({
    env: { ANJU_DATA_DIR: dataDir, PORT: "0", ANJU_HOST: "127.0.0.1" },
    overrides: {
      broker: { logLevel: "warn" }, security: { identity },
      ...(options.fixtures ? { plugins: { dirs: [PLUGINS_DIR, FIXTURE_PLUGINS_DIR] } } : {}),
    },
  });
  const node = await startNode({
    config,
    consoleDir: CONSOLE_DIST,
    modules: [...securityModules({ identity: { config: identity } }), packagingModule(), formsModule(), consoleModule(),
      ...(options.devices ? [devicesModule({ mqtt: { port: 0, host: "127.0.0.1" } })] : [])],
    brokerOptions: { skipProcessEventRegistration: true },
  });
  await seedDemo(node.host);
  for (const id of options.fixtures?.install ?? []) await node.host.plugins.install(id);
  // The demo installs its sample drivers itself (DEMO_DRIVER_PLUGINS); install only the others.
  const installed = new Set((await node.host.plugins.list()).filter((p) => p.state !== "available").map((p) => p.id));
  for (const id of options.devices?.drivers ?? []) if (!installed.has(id)) await node.host.plugins.install(id);
  for (const { plugin, at } of options.fixtures?.enable ?? []) await node.host.plugins.enable(plugin, at);
  const generated: Record<string, string> = {};
  for (const [username, a] of Object.entries(ADMINS)) {
    // Without a password, as `anju start` without ANJU_*_PASSWORD: a one-time one, changed at first sign-in.
    const made = await bootstrapAdmin(node.host, { username, role: a.role, ...(options.mustChange ? {} : { password: a.password }) });
    if (made.generatedPassword) generated[username] = made.generatedPassword;
  }
  return {
    ...node,
    url: node.url!,
    dataDir,
    generated,
    async close() {
      await node.stop().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

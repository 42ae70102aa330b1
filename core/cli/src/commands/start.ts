/**
 * `anju start`: one serving node (host + gateway) on PORT, with the embedded default's demo
 * data on a first start, a banner that says where it is and how to try it, and a clean stop
 * on SIGINT/SIGTERM.
 */
import type { RunningNode } from "@anju/gateway";
import type { Command } from "../command.js";
import type { DemoReport } from "../demo.js";
import { asAnjuError, type Output } from "../output.js";
import { assertPortFree } from "../port.js";
import type { AdminReport } from "../security.js";

interface DemoOutcome extends Partial<DemoReport> { error?: { code: string; message: string } }

async function demoOf(node: RunningNode, out: Output): Promise<DemoOutcome> {
  const { seedDemo, wantsDemo } = await import("../demo.js");
  try {
    if (!(await wantsDemo(node.host))) return { seeded: false };
    return await seedDemo(node.host);
  } catch (thrown) {
    // A failed demo must not take the node down: the host serves, the operator sees why.
    const err = await asAnjuError(thrown);
    out.warn(`演示数据未能完整创建 / demo data incomplete: [${err.anjuCode}] ${err.messages["zh-CN"]} / ${err.messages.en}`);
    return { seeded: false, error: { code: err.anjuCode, message: err.messages[out.locale] } };
  }
}

function adminLines(admins: AdminReport[], url: string | null): string[] {
  const fresh = admins.filter((a) => a.password);
  const lines: string[] = [];
  if (fresh.length) {
    lines.push("  管理员账户 Administrators（密码只显示这一次，首次登录须修改 / shown once, change at first sign-in）:");
    for (const a of fresh) lines.push(`    ${a.username.padEnd(11)} ${a.role.padEnd(15)} 密码 password: ${a.password}`);
  }
  const existing = admins.filter((a) => !a.password).map((a) => a.username);
  if (existing.length) lines.push(`  管理员账户 Administrators: ${existing.join(", ")}（已设置密码 / password already set）`);
  for (const a of admins.filter((x) => x.passwordIgnored)) {
    lines.push(`  注意 Note: ${a.username} 已存在，环境变量中的密码未被采用 / exists already; the password from the environment was not applied`);
  }
  if (url) {
    lines.push(
      `  控制台 Console:    ${url}/  （用上面的账户登录 / sign in with an account above）`,
      "  接口 API:",
      `    curl -c anju.cookies -H 'content-type: application/json' -d '{"username":"admin","password":"…"}' ${url}/api/auth/login`,
      `    curl -b anju.cookies ${url}/api/auth/me`,
    );
  }
  return lines;
}

/** Where devices publish: the embedded broker's port (it may have moved off a taken 1883), or the external broker. */
async function mqttOf(node: RunningNode): Promise<string | null> {
  const { runtimeOf } = await import("@anju/devices");
  try {
    const source = runtimeOf(node.host).mqtt;
    if (!source) return null;
    return source.kind === "embedded" ? `mqtt://localhost:${source.port}（内置 embedded）` : "外部 external (ANJU_MQTT_URL)";
  } catch {
    return null; // a node without the devices module
  }
}

function banner(info: { url: string | null; profile: string; database: string; mqtt: string | null; admins: AdminReport[]; demo: DemoOutcome }): string {
  const lines = [
    "安居 Anju 已启动 / started",
    `  地址 URL:          ${info.url ?? "（未启用 HTTP / HTTP disabled）"}`,
    `  配置 Profile:      ${info.profile}`,
    `  数据库 Database:   ${info.database}`,
  ];
  if (info.mqtt) lines.push(`  设备 MQTT:         ${info.mqtt}`);
  if (info.demo.seeded) {
    lines.push(`  演示数据 Demo:     已创建 seeded — ${info.demo.jurisdictions?.length ?? 0} 个行政区划 jurisdictions; 插件 plugins: ${info.demo.plugins?.join(", ") || "—"}`);
  }
  lines.push(...adminLines(info.admins, info.url));
  lines.push("按 Ctrl+C 停止 / Press Ctrl+C to stop");
  return lines.join("\n");
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      // Another signal while stopping means "now" — except an echo of the first: Ctrl+C reaches
      // every process of the group, and launchers (npm, tsx) relay it to us once more.
      const first = Date.now();
      const force = () => { if (Date.now() - first > 1000) process.exit(130); };
      process.on("SIGINT", force);
      process.on("SIGTERM", force);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export const startCommand: Command = {
  words: ["start"],
  usage: "anju start",
  summary: "启动节点：宿主 + HTTP 网关，监听 PORT（默认 3000）；嵌入式默认配置首次启动时写入演示数据。\nStart a node (host + HTTP gateway) on PORT (default 3000); the embedded default seeds demo data on its first start.",
  details: [
    "环境变量 Environment: PORT, ANJU_HOST, ANJU_DATA_DIR, ANJU_DB_URL, ANJU_PROFILE, ANJU_DEMO=false, ANJU_LOG_LEVEL …",
    "--json: 启动后输出一行 {\"event\":\"started\",…}，停止后输出 {\"event\":\"stopped\",…} / one line per event",
  ].join("\n"),
  async run({ globals, out }) {
    const { describeDatabase, loadCliConfig } = await import("../context.js");
    const { bootstrapAdmins, nodeModules } = await import("../security.js");
    const { startNode } = await import("@anju/gateway");
    const config = loadCliConfig(globals);
    if (config.http.enabled !== false) await assertPortFree(config.http.port, config.http.host);
    const stopped = untilSignal();
    // Moleculer would otherwise install its own SIGINT/SIGTERM handlers that exit the process
    // mid-way through ours.
    const node = await startNode({ config, modules: await nodeModules(config), brokerOptions: { skipProcessEventRegistration: true } });
    const demo = await demoOf(node, out);
    // After the demo: the administrators are granted their roles at the roots that now exist.
    // A password from the environment that fails the policy stops the node with its code.
    const admins = await bootstrapAdmins(node.host).catch(async (err: unknown) => {
      await node.stop();
      throw err;
    });
    const info = { url: node.url, profile: config.profile, database: describeDatabase(config), mqtt: await mqttOf(node), admins, demo };
    if (out.json) {
      out.result({ event: "started", port: node.port, ...info }, () => "");
    } else {
      out.say(banner(info));
    }
    const signal = await stopped;
    out.say("正在停止… / stopping…");
    await node.stop();
    if (out.json) out.result({ event: "stopped", signal }, () => "");
    else out.say("已停止 / stopped");
    return 0;
  },
};

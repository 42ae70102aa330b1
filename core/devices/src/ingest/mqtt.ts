/**
 * Where MQTT messages come from: an embedded aedes broker (the embedded default; devices
 * connect to this node) or an external broker (Mosquitto or any MQTT 3.1.1/5 broker) named by
 * `mqtt.url` / ANJU_MQTT_URL. The embedded broker listens on the configured port and, when
 * that port is taken, on a free one (logged): the embedded default must always start.
 */
import crypto from "node:crypto";
import net from "node:net";
import type { Aedes } from "aedes";
import mqtt from "mqtt";
import type { MqttGuard } from "./auth.js";

export type OnMessage = (topic: string, payload: Buffer, receivedAt: number) => void;

export interface MqttSourceOptions {
  url: string | null;
  port: number;
  host: string;
  prefix: string;
  /** Subscription QoS towards an external broker. */
  qos: 0 | 1;
  /** Embedded broker: sign-in and topic ACL (null: anyone may connect and publish — the legacy path). */
  guard?: MqttGuard | null;
}

export interface MqttSource {
  kind: "embedded" | "external";
  /** The embedded broker's port (null for an external broker). */
  port: number | null;
  /** Publish (commands, tests) through the same broker. */
  publish(topic: string, payload: Buffer | string): Promise<void>;
  stop(): Promise<void>;
}

interface Logger { info(...a: unknown[]): void; warn(...a: unknown[]): void }

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => { server.off("listening", onListening); reject(err); };
    const onListening = () => { server.off("error", onError); resolve((server.address() as net.AddressInfo).port); };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

async function embedded(opts: MqttSourceOptions, onMessage: OnMessage, logger: Logger): Promise<MqttSource> {
  // aedes 1.x is an ES module.
  const { Aedes: AedesClass } = (await import("aedes")) as unknown as { Aedes: typeof Aedes };
  const guard = opts.guard ?? null;
  const broker = await AedesClass.createBroker(guard ? {
    authenticate: guard.authenticate,
    authorizePublish: guard.authorizePublish,
    authorizeSubscribe: guard.authorizeSubscribe,
  } as unknown as Parameters<typeof AedesClass.createBroker>[0] : undefined);
  if (guard) broker.on("clientDisconnect", (client) => guard.forget(client as unknown as Parameters<MqttGuard["forget"]>[0]));
  const server = net.createServer(broker.handle as (socket: net.Socket) => void);
  let port: number;
  try {
    port = await listen(server, opts.port, opts.host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    port = await listen(server, 0, opts.host);
    logger.warn(`MQTT 端口 ${opts.port} 已被占用，内置代理改用 ${port} / MQTT port ${opts.port} is taken; the embedded broker listens on ${port}`);
  }
  const deliver = (packet: { topic: string; payload: Buffer | string }, cb: () => void) => {
    onMessage(packet.topic, typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload, Date.now());
    cb();
  };
  await new Promise<void>((resolve) => broker.subscribe(`${opts.prefix}/#`, deliver, resolve));
  logger.info(`内置 MQTT 代理 / embedded MQTT broker on ${opts.host}:${port}`);
  return {
    kind: "embedded",
    port,
    publish: (topic, payload) => new Promise((resolve, reject) => broker.publish(
      { cmd: "publish", topic, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), qos: 0, retain: false, dup: false },
      (err) => (err ? reject(err) : resolve()))),
    async stop() {
      await new Promise<void>((resolve) => broker.unsubscribe(`${opts.prefix}/#`, deliver, resolve));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function external(opts: MqttSourceOptions & { url: string }, onMessage: OnMessage, logger: Logger): Promise<MqttSource> {
  const client = mqtt.connect(opts.url, {
    clientId: `anju-ingest-${crypto.randomBytes(6).toString("hex")}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  client.on("message", (topic, payload) => onMessage(topic, payload, Date.now()));
  client.on("error", (err) => logger.warn(`MQTT 连接错误 / MQTT error: ${err.message}`));
  client.on("connect", () => {
    client.subscribe(`${opts.prefix}/#`, { qos: opts.qos }, (err) => {
      if (err) logger.warn(`MQTT 订阅失败 / MQTT subscribe failed: ${err.message}`);
    });
  });
  // Start serving even while the broker is away (the client reconnects); wait a moment for it.
  const connected = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    client.once("connect", () => {
      // The subscription is sent right after connect; wait for its acknowledgement.
      client.subscribe(`${opts.prefix}/#`, { qos: opts.qos }, () => { clearTimeout(timer); resolve(true); });
    });
  });
  const shown = opts.url.replace(/\/\/[^@/]*@/, "//***@");
  if (connected) logger.info(`已连接 MQTT 代理 / connected to MQTT broker ${shown}`);
  else logger.warn(`MQTT 代理暂不可用，后台重连 / MQTT broker ${shown} not reachable yet; reconnecting in the background`);
  return {
    kind: "external",
    port: null,
    publish: (topic, payload) => client.publishAsync(topic, payload, { qos: 0 }).then(() => undefined),
    stop: () => client.endAsync(),
  };
}

export function startMqtt(opts: MqttSourceOptions, onMessage: OnMessage, logger: Logger): Promise<MqttSource> {
  return opts.url ? external({ ...opts, url: opts.url }, onMessage, logger) : embedded(opts, onMessage, logger);
}

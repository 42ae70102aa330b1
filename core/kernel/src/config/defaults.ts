import type { AnjuConfig } from "./types.js";

/** The one defaults object: the embedded default profile. */
export const DEFAULT_CONFIG: AnjuConfig = {
  profile: "embedded",
  nodeId: null,
  namespace: "anju",
  dataDir: "./data",
  locale: "zh-CN",
  db: { url: null, logging: false },
  transporter: null,
  broker: { requestTimeout: 10_000, heartbeatInterval: 5, heartbeatTimeout: 15, logLevel: "warn" },
  http: { port: 3000, host: "0.0.0.0", bodyLimit: "1mb", enabled: true },
  mqtt: { url: null, port: 1883, host: "0.0.0.0", topicPrefix: "anju", qos: 1, requireDeviceAuth: true },
  uplink: { role: "off", natsUrl: null, county: null, community: null },
  plugins: { dirs: ["plugins"], installDir: null, autoInstall: ["community"], load: null, pollIntervalMs: 2000, allowUnsigned: false },
  demo: { seed: true },
  auth: { tokenSecret: null, tokenTtlSeconds: 12 * 3600 },
  security: { identity: {} },
};

/**
 * Config = defaults + config file (`ANJU_CONFIG` or `options.file`) + `ANJU_*` environment +
 * explicit overrides, validated against CONFIG_SCHEMA and deep-frozen. A bad value stops
 * start-up with CONFIG_INVALID naming the key (e.g. `http.port`).
 */
import fs from "node:fs";
import path from "node:path";
import { KernelErrors } from "../errors/catalogue.js";
import { compileSchema, firstErrorField } from "../schema/ajv.js";
import { DEFAULT_CONFIG } from "./defaults.js";
import { CONFIG_SCHEMA } from "./schema.js";
import type { AnjuConfig, ConfigOverrides } from "./types.js";

type Env = Record<string, string | undefined>;

/** Environment variable → config key. Values are parsed by the key's schema type. */
const ENV_KEYS: Record<string, string> = {
  ANJU_PROFILE: "profile",
  ANJU_NODE_ID: "nodeId",
  ANJU_NAMESPACE: "namespace",
  ANJU_DATA_DIR: "dataDir",
  ANJU_LOCALE: "locale",
  ANJU_DB_URL: "db.url",
  ANJU_DB_LOGGING: "db.logging",
  ANJU_TRANSPORTER: "transporter",
  ANJU_REQUEST_TIMEOUT: "broker.requestTimeout",
  ANJU_LOG_LEVEL: "broker.logLevel",
  PORT: "http.port",
  ANJU_PORT: "http.port",
  ANJU_HOST: "http.host",
  ANJU_BODY_LIMIT: "http.bodyLimit",
  ANJU_MQTT_URL: "mqtt.url",
  ANJU_MQTT_PORT: "mqtt.port",
  ANJU_MQTT_REQUIRE_DEVICE_AUTH: "mqtt.requireDeviceAuth",
  ANJU_UPLINK_ROLE: "uplink.role",
  ANJU_UPLINK_NATS_URL: "uplink.natsUrl",
  ANJU_UPLINK_COUNTY: "uplink.county",
  ANJU_UPLINK_COMMUNITY: "uplink.community",
  ANJU_UPLINK_SENT_RETENTION_DAYS: "uplink.sentRetentionDays",
  ANJU_PLUGIN_DIRS: "plugins.dirs",
  ANJU_PLUGIN_INSTALL_DIR: "plugins.installDir",
  ANJU_PLUGIN_AUTO_INSTALL: "plugins.autoInstall",
  ANJU_ALLOW_UNSIGNED_PLUGINS: "plugins.allowUnsigned",
  ANJU_DEMO: "demo.seed",
  ANJU_TOKEN_SECRET: "auth.tokenSecret",
  ANJU_SESSION_IDLE_MINUTES: "security.identity.session.idleMinutes",
  ANJU_TOTP_REQUIRED: "security.identity.totp.requireForAdmins",
  ANJU_SECURE_COOKIE: "security.identity.session.secureCookie",
};

const validate = compileSchema(CONFIG_SCHEMA);

function parseEnvValue(key: string, raw: string): unknown {
  if (["http.port", "mqtt.port", "broker.requestTimeout", "security.identity.session.idleMinutes", "uplink.sentRetentionDays"].includes(key)) return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (["db.logging", "demo.seed", "mqtt.requireDeviceAuth", "plugins.allowUnsigned", "security.identity.totp.requireForAdmins", "security.identity.session.secureCookie"].includes(key)) return raw === "true" || raw === "1" ? true : raw === "false" || raw === "0" ? false : raw;
  if (["plugins.dirs", "plugins.autoInstall"].includes(key)) return raw.split(",").map((s) => s.trim()).filter(Boolean);
  return raw === "" ? null : raw;
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function readFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw KernelErrors.CONFIG_FILE_UNREADABLE({ file, reason: (err as Error).message });
  }
}

export interface LoadConfigOptions {
  env?: Env;
  file?: string;
  overrides?: ConfigOverrides | Record<string, unknown>;
  /** Resolve relative paths against this folder (default: cwd). */
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<AnjuConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let config: AnjuConfig = structuredClone(DEFAULT_CONFIG);

  const file = options.file ?? env.ANJU_CONFIG;
  if (file) config = deepMerge(config, readFile(path.resolve(cwd, file)));

  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined) setPath(fromEnv, key, parseEnvValue(key, raw));
  }
  config = deepMerge(config, fromEnv);
  if (options.overrides) config = deepMerge(config, options.overrides);

  // The production profile has no SQLite fallback and no demo data.
  if (config.profile === "production") {
    if (!config.db.url || config.db.url.startsWith("sqlite:")) {
      throw KernelErrors.CONFIG_INVALID({ key: "db.url", reason: "production 配置需要 mysql:// 数据库地址 / the production profile needs a mysql:// URL (ANJU_DB_URL)" });
    }
    if (!options.overrides || !("demo" in options.overrides)) config.demo = { seed: false };
  }

  if (!validate(config)) {
    const { field, reason } = firstErrorField(validate.errors);
    throw KernelErrors.CONFIG_INVALID({ key: field, reason });
  }
  config.dataDir = path.resolve(cwd, config.dataDir);
  config.plugins = {
    ...config.plugins,
    dirs: config.plugins.dirs.map((d) => path.resolve(cwd, d)),
    installDir: path.resolve(cwd, config.plugins.installDir ?? path.join(config.dataDir, "plugins")),
  };
  return deepFreeze(config);
}

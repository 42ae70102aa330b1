export type Profile = "embedded" | "production";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | false;

export interface AnjuConfig {
  profile: Profile;
  nodeId?: string | null;
  namespace: string;
  dataDir: string;
  locale: "zh-CN" | "en";
  db: { url: string | null; logging: boolean };
  transporter?: string | null;
  broker: { requestTimeout: number; heartbeatInterval?: number; heartbeatTimeout?: number; logLevel: LogLevel };
  http: { port: number; host: string; bodyLimit: string; enabled?: boolean };
  /** Device ingestion (@anju/devices): an external broker URL, or the embedded broker's port and address. */
  mqtt?: {
    url: string | null; port: number; host: string; topicPrefix: string; qos: 0 | 1;
    /** Embedded broker: devices sign in with their code and issued secret and publish only to their own topics (default true). */
    requireDeviceAuth?: boolean;
  };
  /**
   * The upward link (@anju/uplink, Yiyang Y2): `community` relays this node's outbox to the
   * county's JetStream stream, `county` consumes it into this node's inbox, `off` does neither
   * (the outbox still fills, so nothing is lost when the link is configured later).
   */
  uplink?: { role: "off" | "community" | "county"; natsUrl: string | null; county: string | null; community: string | null; sentRetentionDays?: number };
  plugins: { dirs: string[]; installDir: string | null; autoInstall: string[]; load?: string[] | null; pollIntervalMs: number; allowUnsigned?: boolean };
  demo: { seed: boolean };
  auth: { tokenSecret: string | null; tokenTtlSeconds: number };
  /**
   * Settings of the security modules, validated by each of them (the kernel does not know their
   * shape): `identity` goes to @anju/identity (password policy, lockout, sessions, TOTP).
   */
  security: { identity: Record<string, unknown> };
}

/** Deep partial, for overrides from a file, the environment or a test. */
export type ConfigOverrides = { [K in keyof AnjuConfig]?: AnjuConfig[K] extends object ? Partial<AnjuConfig[K]> : AnjuConfig[K] };

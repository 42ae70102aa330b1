/** JSON Schema of the host configuration. Unknown keys are refused so a typo stops start-up. */
export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["profile", "namespace", "dataDir", "db", "broker", "http", "plugins", "demo", "auth", "security", "locale"],
  properties: {
    profile: { enum: ["embedded", "production"] },
    nodeId: { type: ["string", "null"], pattern: "^[A-Za-z0-9._-]{1,64}$" },
    namespace: { type: "string", pattern: "^[A-Za-z0-9_-]{0,64}$" },
    dataDir: { type: "string", minLength: 1 },
    locale: { enum: ["zh-CN", "en"] },
    db: {
      type: "object", additionalProperties: false, required: ["url", "logging"],
      properties: {
        /** null → SQLite file `<dataDir>/anju.sqlite`. */
        url: { type: ["string", "null"], pattern: "^(sqlite:|mysql://|mariadb://)" },
        logging: { type: "boolean" },
      },
    },
    transporter: { type: ["string", "null"], pattern: "^nats://" },
    broker: {
      type: "object", additionalProperties: false, required: ["requestTimeout", "logLevel"],
      properties: {
        /** ms; 0 would let calls hang forever while NATS is down, so it is not allowed. */
        requestTimeout: { type: "integer", minimum: 100, maximum: 600000 },
        heartbeatInterval: { type: "integer", minimum: 1, maximum: 60 },
        heartbeatTimeout: { type: "integer", minimum: 2, maximum: 300 },
        logLevel: { enum: ["fatal", "error", "warn", "info", "debug", "trace", false] },
      },
    },
    http: {
      type: "object", additionalProperties: false, required: ["port", "host", "bodyLimit"],
      properties: {
        port: { type: "integer", minimum: 0, maximum: 65535 },
        host: { type: "string", minLength: 1 },
        bodyLimit: { type: "string", pattern: "^[0-9]+(b|kb|mb)$" },
        enabled: { type: "boolean" },
      },
    },
    mqtt: {
      type: "object", additionalProperties: false, required: ["url", "port", "host", "topicPrefix", "qos"],
      properties: {
        /** null → the embedded broker (aedes) on `port` (a free port when that one is taken). */
        url: { type: ["string", "null"], pattern: "^(mqtt|mqtts|tcp|ssl|ws|wss)://" },
        port: { type: "integer", minimum: 0, maximum: 65535 },
        host: { type: "string", minLength: 1 },
        /** Topics are `<prefix>/<jurisdiction>/<device>/…`. */
        topicPrefix: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,3}$" },
        qos: { enum: [0, 1] },
        /** Embedded broker only: CONNECT needs a device's code + issued secret; publish/subscribe only on its own topics. */
        requireDeviceAuth: { type: "boolean" },
      },
    },
    uplink: {
      type: "object", additionalProperties: false, required: ["role", "natsUrl", "county", "community"],
      properties: {
        role: { enum: ["off", "community", "county"] },
        /** The JetStream server the link runs over (not the cluster's transporter: the two clusters are apart). */
        natsUrl: { type: ["string", "null"], pattern: "^(nats|tls)://" },
        /** Codes become subject tokens and the stream name (`ANJU_UPLINK_<county>`). */
        county: { type: ["string", "null"], pattern: "^[A-Za-z0-9_-]{1,64}$" },
        community: { type: ["string", "null"], pattern: "^[A-Za-z0-9_-]{1,64}$" },
        /** Sent outbox rows older than this many days are pruned by the relay (default 7). */
        sentRetentionDays: { type: "integer", minimum: 1, maximum: 3650 },
      },
    },
    plugins: {
      type: "object", additionalProperties: false, required: ["dirs", "installDir", "autoInstall", "pollIntervalMs"],
      properties: {
        /** Folders whose sub-folders are plugin packages (the repo's `plugins/`). */
        dirs: { type: "array", items: { type: "string" } },
        /** Where `anju plugin install` unpacks packages; discovered too. */
        installDir: { type: ["string", "null"] },
        /** Installed (and enabled at the root jurisdictions) on first start. */
        autoInstall: { type: "array", items: { type: "string" } },
        /** Only load these installed plugins' services on this node (null = all). */
        load: { type: ["array", "null"], items: { type: "string" } },
        /**
         * Development only: install packages from outside even when unsigned, untrusted or
         * modified (each such install is audited as `plugin.install.unsigned`). Off by default.
         */
        allowUnsigned: { type: "boolean" },
        /** How often a node re-reads plugin state written by another process (ms). */
        pollIntervalMs: { type: "integer", minimum: 100, maximum: 600000 },
      },
    },
    demo: {
      type: "object", additionalProperties: false, required: ["seed"],
      properties: { seed: { type: "boolean" } },
    },
    auth: {
      type: "object", additionalProperties: false, required: ["tokenSecret", "tokenTtlSeconds"],
      properties: {
        /** HMAC secret for API tokens; null → generated once and kept in `<dataDir>/secret`. */
        tokenSecret: { type: ["string", "null"], minLength: 32 },
        tokenTtlSeconds: { type: "integer", minimum: 60 },
      },
    },
    security: {
      type: "object", additionalProperties: false, required: ["identity"],
      properties: {
        /** Checked in full by @anju/identity when the node starts (IDENTITY_CONFIG_INVALID). */
        identity: { type: "object" },
      },
    },
  },
} as const;

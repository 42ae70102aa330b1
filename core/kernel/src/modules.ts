/**
 * Host modules: how the security packages (identity, RBAC, audit, privacy) plug into a node
 * without the kernel depending on them. A module may bring services, fill the RBAC and audit
 * middleware slots, provide the audit sink and the authorizer, and run set-up (migrations)
 * once the database is ready and before the broker starts.
 */
import type { Middleware, ServiceSchema } from "moleculer";
import type { RequestContext } from "./context/request-context.js";
import type { AnjuHost } from "./host.js";
import type { PluginDefinition, PluginManifest, PluginRoute } from "./plugins/types.js";

export type AuditResult = "success" | "failure" | "denied";

export interface AuditEvent {
  /** What happened, e.g. `plugin.enable`, `auth.login`. */
  action: string;
  object?: string | null;
  result: AuditResult;
  userId?: string | null;
  jurisdiction?: string | null;
  ip?: string | null;
  /** Context without secrets or raw personal information. */
  detail?: Record<string, unknown>;
}

export interface AuditSink {
  record(event: AuditEvent): Promise<void>;
}

export interface Authorizer {
  /** May this caller do `permission` in `jurisdiction` (default: the caller's own)? */
  can(rc: Readonly<RequestContext>, permission: string, jurisdiction?: string | null): Promise<boolean>;
}

/** What an authenticator sees of an HTTP request. */
export interface RequestCredentials {
  cookie?: string;
  authorization?: string;
  ip?: string;
  userAgent?: string;
  locale?: "zh-CN" | "en";
  /** The action the request is routed to (a session limited to changing its password may call only a few). */
  action?: string;
}

/** A host route; `stream` hands the request body to the action as a stream (uploads) instead of parsing it. */
export interface HostRoute extends PluginRoute {
  stream?: boolean;
}

/**
 * How a plugin is doing at run time beyond installed/loaded, as a host module that runs it
 * knows (the device runtime for driver plugins: a crashing child is `degraded` while retried).
 */
export interface PluginRuntimeInfo {
  state: "starting" | "running" | "degraded" | "stopped";
  restarts: number;
  lastError: string | null;
}

export interface HostModule {
  name: string;
  services?: ServiceSchema[];
  /** REST routes relative to `/api` (e.g. `/auth/login`). */
  routes?: HostRoute[];
  /**
   * Turn request credentials into a verified context (null: not this module's credentials).
   * Throw a coded 401 for credentials that are this module's but invalid.
   */
  authenticate?(host: AnjuHost, request: RequestCredentials): Promise<RequestContext | null>;
  slots?: { rbac?: Middleware; audit?: Middleware };
  auditSink?(host: AnjuHost): AuditSink;
  authorizer?(host: AnjuHost): Authorizer;
  /**
   * Check a plugin's code against its manifest before it is installed, upgraded or loaded
   * (e.g. privacy: every declared personal-information field is really encrypted). Throw a
   * coded error to refuse; the plugin is then recorded as failed with that error.
   */
  checkPlugin?(host: AnjuHost, manifest: PluginManifest, def: PluginDefinition): void | Promise<void>;
  /**
   * Verify a plugin package folder that came from outside the host's own plugin folders (a
   * tarball or folder given to install/upgrade, an upload) before any of its code is loaded.
   * Throw a coded error naming the reason to refuse it.
   */
  verifyPackage?(host: AnjuHost, dir: string): Promise<{ vendor: string; fingerprint: string }>;
  /**
   * This module's view of a plugin's run-time state, merged into the plugin list (the plugin
   * manager shows it); null when the module does not run that plugin.
   */
  pluginRuntime?(host: AnjuHost, pluginId: string): PluginRuntimeInfo | null;
  /** After the database is migrated, before the broker starts: the module's own migrations. */
  setup?(host: AnjuHost): Promise<void>;
  /** After plugins are loaded. */
  started?(host: AnjuHost): Promise<void>;
  stopping?(host: AnjuHost): Promise<void>;
}

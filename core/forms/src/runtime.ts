/**
 * What the forms services share on one node: the host, the limits, the compiled-validator
 * cache and the attachment store. One per host, made at set-up (the module's options travel
 * with it) or on first use with the defaults.
 */
import type { AnjuHost } from "@anju/kernel";
import { FileStore } from "./attachments/store.js";
import { DEFAULT_LIMITS, type FormsLimits } from "./constants.js";
import { createFormsAjv, ValidatorCache } from "./validate/ajv.js";

export interface FormsOptions {
  limits?: Partial<FormsLimits>;
}

export interface PluginFormProblem { plugin: string; file: string; code: string; message: { "zh-CN": string; en: string } }

export type FormDocument = { schema: Record<string, unknown>; uischema: Record<string, unknown> | null };

export interface FormsRuntime {
  host: AnjuHost;
  limits: FormsLimits;
  validators: ValidatorCache;
  /** Parsed schemas of published versions and extension snapshots by cache key (immutable content). */
  documents: Map<string, FormDocument>;
  files: FileStore;
  /** Plugin forms that could not be installed at the last reconciliation. */
  pluginProblems: PluginFormProblem[];
  /** Reconciliations run one at a time. */
  reconciling: Promise<unknown>;
}

const runtimes = new WeakMap<AnjuHost, FormsRuntime>();

export function createRuntime(host: AnjuHost, options: FormsOptions = {}): FormsRuntime {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const rt: FormsRuntime = {
    host,
    limits,
    validators: new ValidatorCache(createFormsAjv(limits), limits.validatorCache),
    documents: new Map(),
    files: new FileStore(host.config.dataDir),
    pluginProblems: [],
    reconciling: Promise.resolve(),
  };
  runtimes.set(host, rt);
  return rt;
}

export function runtimeOf(host: AnjuHost): FormsRuntime {
  return runtimes.get(host) ?? createRuntime(host);
}

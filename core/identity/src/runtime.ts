/**
 * What identity's services, `authenticateSession` and `bootstrapAdmin` share on one node: the
 * resolved config, the clock (injected so tests can move time without sleeping), the secret box
 * for TOTP secrets and a dummy hash for unknown usernames (equal work whether or not the account
 * exists). Kept per broker, like the kernel's `hostOf`.
 */
import crypto from "node:crypto";
import type { ServiceBroker } from "moleculer";
import type { AnjuHost } from "@anju/kernel";
import { resolveIdentityConfig, type IdentityConfig, type IdentityConfigInput } from "./config.js";
import { hashPassword } from "./crypto/password-hash.js";
import { secretBox, type SecretBox } from "./crypto/secret-box.js";

export interface IdentityOptions {
  config?: IdentityConfigInput;
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /** Run identity's migrations when the auth service starts (default true). */
  migrate?: boolean;
}

export class IdentityRuntime {
  readonly config: Readonly<IdentityConfig>;
  readonly now: () => Date;
  private box_?: SecretBox;
  private dummy_?: Promise<string>;

  constructor(readonly host: AnjuHost, options: IdentityOptions = {}) {
    this.config = resolveIdentityConfig(options.config ?? {}, host.config.profile);
    this.now = options.now ?? (() => new Date());
  }

  get ds() {
    return this.host.ds;
  }

  get box(): SecretBox {
    this.box_ ??= secretBox(this.host.tokenSecret());
    return this.box_;
  }

  /** A hash of a random password with the current parameters, verified when the user is unknown. */
  dummyHash(): Promise<string> {
    this.dummy_ ??= hashPassword(crypto.randomBytes(16).toString("hex"), this.config.hashing);
    return this.dummy_;
  }

  get idleMs(): number {
    return this.config.session.idleMinutes * 60_000;
  }

  get absoluteMs(): number {
    return this.config.session.absoluteHours * 3_600_000;
  }
}

const runtimes = new WeakMap<ServiceBroker, IdentityRuntime>();

export function registerRuntime(host: AnjuHost, options: IdentityOptions): IdentityRuntime {
  const rt = new IdentityRuntime(host, options);
  runtimes.set(host.broker, rt);
  return rt;
}

/** The node's runtime; a node without identity's services gets one with the profile's defaults. */
export function runtimeOf(host: AnjuHost): IdentityRuntime {
  let rt = runtimes.get(host.broker);
  if (!rt) {
    rt = new IdentityRuntime(host);
    runtimes.set(host.broker, rt);
  }
  return rt;
}

/**
 * Who may speak on the embedded broker (mqtt.requireDeviceAuth, default on). A device signs in
 * with its code as the username and the secret issued for it (`devices.registry.issueCredential`)
 * as the password; it may then publish only under its own topics
 * (`<prefix>/<its jurisdiction>/<its code>/…`) and subscribe only there too (no commands exist
 * yet, so a device can at most hear its own topics). The node's own in-process clients, if any,
 * sign in with an internal credential made at start-up that never leaves this process.
 *
 * Failed sign-ins are counted with the ingestion rejections (MQTT_AUTH_FAILED), slowed down per
 * client address (after a few failures further attempts are refused outright for a doubling
 * pause), and audited in aggregate: one row per address per minute with how many failed.
 *
 * External brokers (mqtt.url) are not guarded here: their ACL is the broker's job.
 */
import crypto from "node:crypto";
import { RejectReasons } from "../constants.js";
import type { Device } from "../registry/store.js";
import type { RejectionCounters } from "./counters.js";
import { parseTopic } from "./topic.js";

const HASH_SCHEME = "hs256";

/** A fresh secret: 32 random bytes (base64url, 43 characters). */
export function newSecret(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/**
 * `hs256$<salt>$<HMAC-SHA256(salt, secret)>`. The secret is 256 random bits, not a
 * person's password, so a slow KDF adds nothing but cost on every device sign-in; the per-device
 * salt keeps equal hashes from revealing anything and the table from being a lookup key.
 */
export function hashSecret(secret: string, salt = crypto.randomBytes(16).toString("hex")): string {
  return `${HASH_SCHEME}$${salt}$${crypto.createHmac("sha256", salt).update(secret, "utf8").digest("hex")}`;
}

export function secretMatches(stored: string | null, secret: string | Buffer): boolean {
  if (!stored) return false;
  const [scheme, salt, hex] = stored.split("$");
  if (scheme !== HASH_SCHEME || !salt || !hex) return false;
  const expected = Buffer.from(hex, "hex");
  const actual = crypto.createHmac("sha256", salt).update(Buffer.isBuffer(secret) ? secret : Buffer.from(secret, "utf8")).digest();
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** Failures from one address before attempts are refused outright; then a pause that doubles. */
const FREE_FAILURES = 5;
const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 5 * 60_000;
/** Aggregated audit rows: at most one per address per this period. */
const AUDIT_EVERY_MS = 60_000;
const MAX_ADDRESSES = 10_000;

export const INTERNAL_USERNAME = "$anju-internal";

interface Attempts { failures: number; blockedUntil: number; lastAt: number }
interface Pending { count: number; usernames: Set<string>; reasons: Set<string>; firstAt: number; lastAt: number }

export interface AuthFailureAudit { address: string; count: number; usernames: string[]; reasons: string[]; firstAt: number; lastAt: number }

/** What aedes gives the hooks (kept structural: aedes's own types are ESM-only). */
export interface GuardClient { id: string; conn?: { remoteAddress?: string }; anjuDevice?: string | null; anjuInternal?: boolean; close?: () => void }

export class MqttGuard {
  private readonly attempts = new Map<string, Attempts>();
  private readonly pending = new Map<string, Pending>();
  private readonly auditedAt = new Map<string, number>();
  /** Connected clients by device code (closed when the device's secret is rotated). */
  private readonly sessions = new Map<string, Set<GuardClient>>();
  readonly internal = { username: INTERNAL_USERNAME, password: newSecret() };

  constructor(
    private readonly prefix: string,
    private readonly lookup: (code: string) => Promise<Device | null>,
    private readonly counters: RejectionCounters,
    private readonly now: () => number = Date.now,
  ) {}

  private addressOf(client: GuardClient): string {
    return client.conn?.remoteAddress ?? "unknown";
  }

  /** Whether an address is in its pause (exported for tests through `blocked`). */
  blocked(address: string): boolean {
    const a = this.attempts.get(address);
    return !!a && a.blockedUntil > this.now();
  }

  private fail(address: string, username: string, reason: string): void {
    const now = this.now();
    const a = this.attempts.get(address) ?? { failures: 0, blockedUntil: 0, lastAt: now };
    a.failures++;
    a.lastAt = now;
    if (a.failures >= FREE_FAILURES) a.blockedUntil = now + Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (a.failures - FREE_FAILURES));
    if (this.attempts.size >= MAX_ADDRESSES && !this.attempts.has(address)) this.prune(now);
    this.attempts.set(address, a);
    const p = this.pending.get(address) ?? { count: 0, usernames: new Set<string>(), reasons: new Set<string>(), firstAt: now, lastAt: now };
    p.count++;
    p.lastAt = now;
    if (p.usernames.size < 5) p.usernames.add(username.slice(0, 64));
    p.reasons.add(reason);
    this.pending.set(address, p);
    this.counters.reject(RejectReasons.authFailed, `${address} as ${username.slice(0, 64) || "(none)"}: ${reason}`);
  }

  private prune(now: number): void {
    for (const [k, a] of this.attempts) if (a.blockedUntil <= now && a.lastAt + MAX_PAUSE_MS <= now) this.attempts.delete(k);
    if (this.attempts.size >= MAX_ADDRESSES) this.attempts.clear();
  }

  /** aedes `authenticate`. */
  authenticate = (client: GuardClient, username: string | undefined, password: Buffer | undefined, done: (err: Error | null, ok?: boolean) => void): void => {
    const address = this.addressOf(client);
    const user = username ?? "";
    const refuse = (reason: string, returnCode: number) => {
      this.fail(address, user, reason);
      done(Object.assign(new Error(`MQTT sign-in refused: ${reason}`), { returnCode }), false);
    };
    if (this.blocked(address)) { refuse("too many failures, paused", 5); return; }
    if (!user || !password?.length) { refuse("no credentials", 4); return; }
    if (user === INTERNAL_USERNAME) {
      const expected = Buffer.from(this.internal.password, "utf8");
      if (expected.length !== password.length || !crypto.timingSafeEqual(expected, password)) { refuse("wrong internal secret", 4); return; }
      client.anjuInternal = true;
      this.attempts.delete(address);
      done(null, true);
      return;
    }
    this.lookup(user).then((device) => {
      if (!device) { refuse("unknown device", 4); return; }
      if (!device.secretHash) { refuse("device has no credential", 4); return; }
      if (!secretMatches(device.secretHash, password)) { refuse("wrong secret", 4); return; }
      client.anjuDevice = device.code;
      let set = this.sessions.get(device.code);
      if (!set) this.sessions.set(device.code, (set = new Set()));
      set.add(client);
      this.attempts.delete(address);
      done(null, true);
    }, () => refuse("lookup failed", 3));
  };

  /** aedes `authorizePublish`: a device publishes under its own topics only (anything else: dropped, counted, disconnected). */
  authorizePublish = (client: GuardClient | null, packet: { topic: string }, done: (err?: Error | null) => void): void => {
    if (packet.topic.startsWith("$SYS")) { done(new Error("$SYS topics are reserved")); return; }
    if (!client || client.anjuInternal) { done(null); return; }
    void this.ownTopic(client, packet.topic).then((ok) => {
      if (ok) { done(null); return; }
      this.counters.reject(RejectReasons.topicDenied, `${client.anjuDevice ?? "?"} → ${packet.topic.slice(0, 200)}`);
      done(new Error("topic not allowed for this device"));
    });
  };

  /** aedes `authorizeSubscribe`: only under the device's own topics (negated, not an error, otherwise). */
  authorizeSubscribe = (client: GuardClient, sub: { topic: string; qos: number }, done: (err: Error | null, sub?: { topic: string; qos: number } | null) => void): void => {
    if (client.anjuInternal) { done(null, sub); return; }
    void this.ownTopic(client, sub.topic).then((ok) => {
      if (!ok) this.counters.reject(RejectReasons.topicDenied, `${client.anjuDevice ?? "?"} subscribe ${sub.topic.slice(0, 200)}`);
      done(null, ok ? sub : null);
    });
  };

  /** `<prefix>/<jurisdiction>/<code>/…` of the signed-in device, with no wildcard before its own subtree. */
  private async ownTopic(client: GuardClient, topic: string): Promise<boolean> {
    const code = client.anjuDevice;
    if (!code) return false;
    const parts = parseTopic(this.prefix, topic);
    if (!parts || parts.deviceCode !== code) return false;
    const device = await this.lookup(code).catch(() => null);
    const base = `${this.prefix}/${parts.jurisdiction}/${code}`;
    return !!device && device.jurisdiction === parts.jurisdiction && (topic === base || topic.startsWith(`${base}/`));
  }

  /** aedes `clientDisconnect`. */
  forget(client: GuardClient): void {
    if (client.anjuDevice) this.sessions.get(client.anjuDevice)?.delete(client);
  }

  /** Close the device's open sessions (its secret was rotated: the old one no longer counts). */
  disconnect(code: string): number {
    const set = this.sessions.get(code);
    if (!set) return 0;
    this.sessions.delete(code);
    for (const c of set) c.close?.();
    return set.size;
  }

  /** Aggregated failures due for an audit row (first failure of a quiet address at once, then once a minute). */
  dueAudits(): AuthFailureAudit[] {
    const now = this.now();
    const out: AuthFailureAudit[] = [];
    for (const [address, p] of this.pending) {
      if ((this.auditedAt.get(address) ?? 0) + AUDIT_EVERY_MS > now) continue;
      this.pending.delete(address);
      this.auditedAt.set(address, now);
      out.push({ address, count: p.count, usernames: [...p.usernames], reasons: [...p.reasons], firstAt: p.firstAt, lastAt: p.lastAt });
    }
    if (this.auditedAt.size > MAX_ADDRESSES) for (const [k, at] of this.auditedAt) if (at + AUDIT_EVERY_MS <= now) this.auditedAt.delete(k);
    return out;
  }

  /** Everything still pending (stop). */
  allAudits(): AuthFailureAudit[] {
    const out = [...this.pending].map(([address, p]) => ({ address, count: p.count, usernames: [...p.usernames], reasons: [...p.reasons], firstAt: p.firstAt, lastAt: p.lastAt }));
    this.pending.clear();
    return out;
  }

  /** Put rows back whose audit write failed. */
  requeue(rows: AuthFailureAudit[]): void {
    for (const r of rows) {
      const p = this.pending.get(r.address);
      if (p) { p.count += r.count; p.firstAt = Math.min(p.firstAt, r.firstAt); for (const u of r.usernames) if (p.usernames.size < 5) p.usernames.add(u); for (const x of r.reasons) p.reasons.add(x); }
      else this.pending.set(r.address, { count: r.count, usernames: new Set(r.usernames), reasons: new Set(r.reasons), firstAt: r.firstAt, lastAt: r.lastAt });
      this.auditedAt.delete(r.address);
    }
  }
}

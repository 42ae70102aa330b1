/**
 * Anju node (b) for host-overhead and the node under load for enable-latency: `startNode` from
 * @anju/gateway with the embedded SQLite database in a temp folder, the bench/fixtures/ping
 * plugin installed and enabled at one city, and a system-admin token for that city.
 *
 * BENCH_PATCH (experiments only, never in the reported baseline) applies what-if fixes to this
 * process's objects — not to core/* — so their effect can be measured before anyone writes them:
 *   secret       host.tokenSecret() read once instead of from disk per request
 *   token-cache  the gateway's authenticate keeps verified tokens (HMAC + JSON parse once)
 *   frozen-context  with token-cache: the cached, already deep-frozen request context is attached
 *                as is, skipping setRequestContext's per-request structuredClone + deepFreeze
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { IncomingMessage } from "node:http";
import type { Context } from "moleculer";
import { loadConfig, setRequestContext, type AnjuHost, type RequestContext } from "@anju/kernel";
import { contextFromClaims, issueToken, localeOf, startNode, verifyToken } from "@anju/gateway";
import { announceReady, BENCH } from "../lib/proc.js";
import { installProfilerToggle } from "../lib/profiler.js";

export const BENCH_JURISDICTION = "340100";

function applyPatches(host: AnjuHost, patches: string[]): void {
  if (patches.includes("secret")) {
    const secret = host.tokenSecret();
    host.tokenSecret = () => secret;
  }
  if (patches.includes("token-cache")) {
    const secret = host.tokenSecret();
    const reuseFrozen = patches.includes("frozen-context");
    const cache = new Map<string, { rc: Readonly<RequestContext> | null; exp: number; sub: string; claims: ReturnType<typeof verifyToken> }>();
    const gateway = host.broker.getLocalService("api") as unknown as { authenticate: (ctx: Context, route: unknown, req: IncomingMessage) => unknown };
    // Same outcome as core/gateway/src/auth/authenticate.ts for a bearer token, minus the
    // per-request HMAC, JSON parse, clone and freeze once a token has been seen.
    gateway.authenticate = (ctx: Context, _route: unknown, req: IncomingMessage) => {
      const header = req.headers.authorization;
      if (!header?.startsWith("Bearer ")) return null;
      const token = header.slice(7).trim();
      // Keyed by what the context is built from: the token, the client address, the language.
      const key = `${token} ${req.socket?.remoteAddress} ${req.headers["accept-language"] ?? ""}`;
      let hit = cache.get(key);
      if (!hit || hit.exp * 1000 < Date.now()) {
        const claims = verifyToken(secret, token);
        hit = { rc: null, exp: claims.exp, sub: claims.sub, claims };
        if (cache.size > 10_000) cache.clear();
        cache.set(key, hit);
      }
      if (reuseFrozen && hit.rc) {
        (ctx.locals as Record<string, unknown>).anju = hit.rc;
        (ctx.meta as Record<string, unknown>).anju = hit.rc;
      } else {
        hit.rc = setRequestContext(ctx, contextFromClaims(hit.claims, { locale: localeOf(req.headers["accept-language"]), ip: req.socket?.remoteAddress }));
      }
      return { id: hit.sub };
    };
  }
}

async function main(): Promise<void> {
  installProfilerToggle(process.env.BENCH_NAME ?? "b-anju");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "anju-bench-"));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      db: { url: null, logging: false },
      broker: { requestTimeout: 10_000, logLevel: "error" },
      http: { port: Number(process.env.PORT ?? 0), host: "127.0.0.1", bodyLimit: "1mb", enabled: true },
      plugins: { dirs: [path.join(BENCH, "fixtures")], installDir: path.join(dataDir, "plugins"), autoInstall: [], load: null, pollIntervalMs: 2000 },
      demo: { seed: false },
    },
  });
  // Our SIGTERM handler stops the node and removes the temp folder; Moleculer's own would exit first.
  const node = await startNode({ config, consoleDir: null, brokerOptions: { skipProcessEventRegistration: true } });
  const { host } = node;
  // Before the install below: installing rebuilds the gateway's routes, which is when
  // moleculer-web picks up the (possibly patched) authenticate method.
  applyPatches(host, (process.env.BENCH_PATCH ?? "").split(",").filter(Boolean));
  await host.jurisdictions.add({ code: "340000", name: "安徽省", level: "province" });
  await host.jurisdictions.add({ code: BENCH_JURISDICTION, name: "合肥市", level: "city", parentCode: "340000" });
  await host.plugins.install("ping");
  await host.plugins.enable("ping", BENCH_JURISDICTION);
  const token = issueToken(host.tokenSecret(), { sub: "bench", jur: BENCH_JURISDICTION, roles: ["system-admin"] }, 6 * 3600);
  announceReady(
    { url: node.url, path: "/api/ping/ping", slowPath: "/api/ping/slow", jurisdiction: BENCH_JURISDICTION, headers: { authorization: `Bearer ${token}` } },
    async () => {
      await node.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  );
}

main().catch((err) => { console.error(err); process.exit(1); });

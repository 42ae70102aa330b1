/**
 * The HTTP gateway (moleculer-web): `/api/*` serves only the aliases in routes.ts
 * (mappingPolicy "restrict"), authenticates every request, renders every error as
 * `{ error: { code, message, data } }`, and rebuilds its aliases when plugins change so a
 * plugin installed or upgraded on a running node is reachable without a restart.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import ApiGateway from "moleculer-web";
import type { Context, ServiceSchema } from "moleculer";
import { hostOf } from "@anju/kernel";
import { authenticateRequest } from "./auth/authenticate.js";
import { errorResponse, localeOf } from "./error-response.js";
import { landingPage } from "./landing.js";
import { buildOpenApi } from "./openapi.js";
import { collectRoutes, toAliases, type ResolvedRoute } from "./routes.js";

export interface GatewayOptions {
  port: number;
  host: string;
  bodyLimit: string;
  /** A built console (folder with index.html); null → the landing page. */
  consoleDir?: string | null;
}

type Req = IncomingMessage & { $route?: unknown };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.writeHead(status);
  res.end(JSON.stringify(body));
}

function apiRoute(aliases: Record<string, string>, bodyLimit: string): Record<string, unknown> {
  return {
    name: "api",
    path: "/api",
    mappingPolicy: "restrict",
    aliases,
    authentication: true,
    bodyParsers: { json: { limit: bodyLimit, strict: true }, urlencoded: false },
    mergeParams: true,
    logging: false,
    onBeforeCall(_ctx: Context, _route: unknown, _req: Req, res: ServerResponse) {
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cache-Control", "no-store");
    },
  };
}

/**
 * moleculer-web pipes a streamed response (the live-alarm SSE, downloads) with stream.pipeline
 * and logs any error as a WARN. A person closing the tab or leaving the page ends that pipeline
 * with ERR_STREAM_PREMATURE_CLOSE: routine, not a fault, and one WARN per visit buried the real
 * ones. Only that code is dropped; every other stream error is still logged.
 */
export function quietClientClose(warn: (...a: unknown[]) => void): (...a: unknown[]) => void {
  return (...args: unknown[]) => {
    const detail = args[1] as { err?: { code?: string } } | undefined;
    if (args[0] === "Stream got an error." && detail?.err?.code === "ERR_STREAM_PREMATURE_CLOSE") return;
    warn(...args);
  };
}

export function createGatewayService(options: GatewayOptions): ServiceSchema {
  const consoleIndex = options.consoleDir ? path.join(options.consoleDir, "index.html") : null;
  const hasConsole = !!consoleIndex && fs.existsSync(consoleIndex);
  // moleculer-web's settings and `this` are untyped in Moleculer's ServiceSchema; the object
  // is checked by the gateway tests instead.
  const schema = {
    name: "api",
    mixins: [ApiGateway as unknown as ServiceSchema],
    settings: {
      port: options.port,
      ip: options.host,
      log4XXResponses: false,
      logRequest: null,
      logResponse: null,
      routes: [
        apiRoute({}, options.bodyLimit),
        {
          name: "root",
          path: "/",
          mappingPolicy: "restrict",
          bodyParsers: false,
          logging: false,
          aliases: {
            async "GET /"(this: { broker: Context["broker"] }, _req: Req, res: ServerResponse) {
              res.setHeader("Content-Type", "text/html; charset=utf-8");
              res.setHeader("X-Content-Type-Options", "nosniff");
              if (hasConsole) {
                res.end(fs.readFileSync(consoleIndex!));
                return;
              }
              res.end(landingPage(await hostOf(this.broker).health()));
            },
          },
        },
      ],
      ...(hasConsole ? { assets: { folder: options.consoleDir } } : {}),
      onError(this: { logger: { error: (...a: unknown[]) => void } }, req: Req, res: ServerResponse, err: unknown) {
        const { status, body } = errorResponse(err, localeOf(req.headers["accept-language"]), (ref, e) =>
          this.logger.error(`请求失败 / request failed ref=${ref}`, e));
        sendJson(res, status, body);
      },
    },
    actions: {
      // moleculer-web's route-management actions are not for anyone outside this node.
      listAliases: false,
      addRoute: false,
      removeRoute: false,
      health: {
        async handler(this: { broker: Context["broker"] }, ctx: Context) {
          const h = await hostOf(this.broker).health().catch(() => ({ ok: false, database: false, broker: false, plugins: [] }));
          if (!h.ok) (ctx.meta as Record<string, unknown>).$statusCode = 503;
          return { status: h.ok ? "ok" : "unavailable", database: h.database, broker: h.broker, plugins: h.plugins };
        },
      },
      openapi: {
        handler(this: { broker: Context["broker"]; resolvedRoutes: ResolvedRoute[] }) {
          return buildOpenApi(this.broker, this.resolvedRoutes);
        },
      },
    },
    methods: {
      authenticate(ctx: Context, _route: unknown, req: Req, _res: ServerResponse, alias?: { action?: string }) {
        return authenticateRequest(ctx, req, alias?.action);
      },
      rebuildRoutes(this: { broker: Context["broker"]; resolvedRoutes: ResolvedRoute[]; removeRouteByName(n: string): void; addRoute(r: unknown, toBottom: boolean): void }) {
        const routes = collectRoutes(hostOf(this.broker));
        this.resolvedRoutes = routes;
        this.removeRouteByName("api");
        this.addRoute(apiRoute(toAliases(routes), options.bodyLimit), false);
      },
    },
    created(this: { resolvedRoutes: ResolvedRoute[]; logger: { warn: (...a: unknown[]) => void } }) {
      this.resolvedRoutes = [];
      this.logger.warn = quietClientClose(this.logger.warn.bind(this.logger));
    },
    started(this: { broker: Context["broker"]; rebuildRoutes(): void }) {
      const host = hostOf(this.broker);
      this.rebuildRoutes();
      host.plugins.onServicesChanged(() => this.rebuildRoutes());
    },
  };
  return schema as unknown as ServiceSchema;
}

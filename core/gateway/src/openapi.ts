/**
 * OpenAPI 3.1 from what the gateway actually serves: every alias, with its action's JSON
 * Schema params split into path parameters, query parameters (GET/DELETE) or a JSON body.
 * JSON Schema is OpenAPI 3.1's schema language, so params are used as they are.
 */
import type { ServiceBroker } from "moleculer";
import { HOST_API_VERSION, isJsonSchema } from "@anju/kernel";
import type { ResolvedRoute } from "./routes.js";

type Schema = Record<string, unknown>;

function actionParams(broker: ServiceBroker, action: string): Schema | null {
  // The registry knows local and remote actions with their params definitions.
  const list = broker.registry.getActionList({ onlyLocal: false, skipInternal: true, withEndpoints: false }) as Array<{ name: string; action?: { params?: unknown } }>;
  const found = list.find((a) => a.name === action);
  const params = found?.action?.params;
  return isJsonSchema(params) ? (params as Schema) : null;
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", examples: ["PLUGIN_NOT_ENABLED"] }, message: { type: "string" }, data: { type: "object" } },
    },
  },
};

export function buildOpenApi(broker: ServiceBroker, routes: ResolvedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.fullPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    const oasPath = "/api" + route.fullPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const schema = actionParams(broker, route.action);
    const props = (schema?.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema?.required as string[] | undefined) ?? []);
    const parameters: unknown[] = pathParams.map((name) => ({ name, in: "path", required: true, schema: props[name] ?? { type: "string" } }));
    const op: Record<string, unknown> = {
      operationId: route.action,
      tags: [route.plugin ?? (route.action.split(".")[0] === "api" ? "host" : route.action.split(".")[0])],
      parameters,
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: {} } } },
        default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    };
    if (route.plugin === null && route.action.startsWith("api.")) op.security = [];
    const rest = Object.fromEntries(Object.entries(props).filter(([k]) => !pathParams.includes(k)));
    if (route.method === "GET" || route.method === "DELETE") {
      for (const [name, s] of Object.entries(rest)) parameters.push({ name, in: "query", required: required.has(name), schema: s });
    } else if (schema) {
      op.requestBody = {
        required: [...required].some((r) => !pathParams.includes(r)),
        content: { "application/json": { schema: { ...schema, properties: rest, required: [...required].filter((r) => !pathParams.includes(r)) } } },
      };
    }
    paths[oasPath] = { ...(paths[oasPath] ?? {}), [route.method.toLowerCase()]: op };
  }
  return {
    openapi: "3.1.0",
    info: { title: "安居 Anju API", version: HOST_API_VERSION, description: "智慧平安小区插件宿主 API / Anju plugin host API" },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
    security: [{ bearer: [] }],
  };
}

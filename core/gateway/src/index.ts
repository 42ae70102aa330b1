/** @anju/gateway — the HTTP front door (moleculer-web) and the node runner. */
export { createGatewayService } from "./gateway.service.js";
export type { GatewayOptions } from "./gateway.service.js";
export { startNode } from "./node.js";
export type { RunningNode, StartNodeOptions } from "./node.js";
export { issueToken, verifyToken, contextFromClaims } from "./auth/token.js";
export type { TokenClaims } from "./auth/token.js";
export { errorResponse, toAnjuError, localeOf } from "./error-response.js";
export type { ErrorBody } from "./error-response.js";
export { buildOpenApi } from "./openapi.js";
export { collectRoutes, GATEWAY_ACTIONS } from "./routes.js";
export { GatewayErrors } from "./errors.js";

/**
 * Action schemas with Anju's own keys: `permission` (read by the RBAC slot, shown in the
 * OpenAPI document) and `audit` (false when the code the action calls records the change
 * itself; true to force a record). Moleculer keeps unknown keys on the action definition, where
 * middlewares read them; its TypeScript types do not know them, hence this helper.
 */
import type { ActionSchema, ServiceSchema } from "moleculer";

export interface AnjuActionSchema extends ActionSchema {
  permission?: string;
  audit?: boolean;
}

export function defineActions(actions: Record<string, AnjuActionSchema>): NonNullable<ServiceSchema["actions"]> {
  return actions as NonNullable<ServiceSchema["actions"]>;
}

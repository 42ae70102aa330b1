/**
 * Who may do what, where: the SDK's permission guard with this plugin's role grants (used on a
 * bare kernel without RBAC, i.e. this plugin's tests) and its coded refusal. The acts that
 * matter record themselves (`audit: false` on the actions; `auditAct` from the SDK).
 */
import { pluginAccess } from "@anju/sdk";
import { ROLE_PERMISSIONS } from "./constants.js";
import { YiyangErrors } from "./errors.js";

export const { authorize, action } = pluginAccess({
  rolePermissions: ROLE_PERMISSIONS,
  forbidden: (detail) => YiyangErrors.YIYANG_FORBIDDEN(detail),
});

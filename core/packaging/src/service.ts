/**
 * `POST /api/plugins/packages`: upload a package (.tgz as the raw request body, streamed, not
 * parsed) and install it, or upgrade to it when an older version is installed. Host-wide, so
 * it needs the plugin-manage permission (the system administrator's). Each upload is audited
 * with its size and SHA-256, refusals with their code; the install or upgrade itself is
 * recorded by the plugin manager, and an unsigned install under the development override as
 * `plugin.install.unsigned`.
 */
import type { Readable } from "node:stream";
import type { Context, ServiceSchema } from "moleculer";
import { actorOf, authorize, defineActions, hostOf, HostPermissions, type HostRoute } from "@anju/kernel";
import { PackageAuditActions } from "./constants.js";
import { packagingOf } from "./module.js";
import { installUpload } from "./upload.js";

export const PackagingActions = { upload: "pluginPackages.upload" } as const;

export const PACKAGING_ROUTES: HostRoute[] = [
  { method: "POST", path: "/plugins/packages", action: PackagingActions.upload, stream: true },
];

export function packagesService(): ServiceSchema {
  return {
    name: "pluginPackages",
    actions: defineActions({
      upload: {
        permission: HostPermissions.pluginManage,
        // Recorded below with the upload's size and digest.
        audit: false,
        params: { type: "object", properties: { name: { type: "string", maxLength: 255 } }, additionalProperties: true },
        async handler(ctx: Context<{ name?: string }>) {
          const rc = await authorize(ctx, HostPermissions.pluginManage);
          const host = hostOf(ctx.broker);
          const actor = actorOf(rc);
          const body = (ctx as unknown as { stream?: Readable }).stream;
          const name = typeof ctx.params?.name === "string" ? ctx.params.name : null;
          const record = (result: "success" | "failure", object: string | null, detail: Record<string, unknown>) =>
            host.audit({ action: PackageAuditActions.upload, object, result, userId: actor.userId, ip: actor.ip, jurisdiction: null, detail: { name, ...detail } });
          try {
            if (!body) throw new Error("no request body stream");
            const result = await installUpload(host, body, packagingOf(host).limits, actor, packagingOf(host).tempDir);
            await record("success", result.id, { version: result.version, action: result.action, bytes: result.bytes, sha256: result.sha256, signature: result.signature?.status ?? null });
            return result;
          } catch (err) {
            body?.resume();
            await record("failure", null, { error: (err as { type?: string }).type ?? "INTERNAL" })
              .catch((e: Error) => host.logger.error(`上传审计记录失败 / upload audit record failed: ${e.message}`));
            throw err;
          }
        },
      },
    }),
  };
}

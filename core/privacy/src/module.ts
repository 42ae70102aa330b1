/**
 * Personal-information protection as a host module: the `privacy` service and its routes, with
 * keys, entities and tables installed once the database is ready and before the broker starts
 * (in the order the host gives, never interleaved with other modules' migrations).
 */
import type { HostModule } from "@anju/kernel";
import { assertPiDeclarations, validatePiDeclarations } from "./manifest.js";
import { installPrivacy, type PrivacyOptions } from "./install.js";
import { PRIVACY_ROUTES } from "./service/actions.js";
import { createPrivacyService } from "./service/privacy.service.js";

export function privacyModule(options: PrivacyOptions = {}): HostModule {
  return {
    name: "privacy",
    services: [createPrivacyService({ ...options, install: false })],
    routes: PRIVACY_ROUTES,
    setup: async (host) => { await installPrivacy(host, options); },
    checkPlugin(_host, manifest, def) {
      assertPiDeclarations(validatePiDeclarations(manifest.pi ?? []), (def.entities ?? []).map((e) => e.options.name));
    },
  };
}

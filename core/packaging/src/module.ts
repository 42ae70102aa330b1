/**
 * Packaging as a host module: the trust store's table (migrated at set-up), the signature check
 * the plugin manager runs on every package from outside, the trust-store actions and the
 * package upload route.
 *   createHost({ modules: [...securityModules(), packagingModule()] })
 */
import type { AnjuHost, HostModule } from "@anju/kernel";
import { DEFAULT_LIMITS, type UnpackLimits } from "./constants.js";
import { migratePackaging } from "./migrations.js";
import { PACKAGING_ROUTES, packagesService } from "./service.js";
import { TrustStore } from "./trust-store.js";
import { verifyDir } from "./verify.js";

export interface PackagingOptions {
  /** Limits on uploaded and unpacked packages. */
  limits?: Partial<UnpackLimits>;
  /** Where uploads are received and unpacked (default the system's temp folder). */
  tempDir?: string;
}

export interface PackagingRuntime {
  trust: TrustStore;
  limits: UnpackLimits;
  tempDir?: string;
}

const runtimes = new WeakMap<AnjuHost, PackagingRuntime>();

/** The packaging runtime of a host that has the module. */
export function packagingOf(host: AnjuHost): PackagingRuntime {
  const rt = runtimes.get(host);
  if (!rt) throw new Error("packaging module not set up on this host");
  return rt;
}

export function packagingModule(options: PackagingOptions = {}): HostModule {
  const limits: UnpackLimits = Object.freeze({ ...DEFAULT_LIMITS, ...(options.limits ?? {}) });
  return {
    name: "packaging",
    services: [packagesService()],
    routes: PACKAGING_ROUTES,
    async setup(host) {
      await migratePackaging(host.ds);
      runtimes.set(host, { trust: new TrustStore(host.ds, (e) => host.audit(e)), limits, tempDir: options.tempDir });
    },
    async verifyPackage(host, dir) {
      const v = await verifyDir(dir, packagingOf(host).trust);
      return { vendor: v.vendor, fingerprint: v.fingerprint };
    },
  };
}

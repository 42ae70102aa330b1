/** @anju/packaging: plugin packages (pack, sign, verify) and the host's trusted vendor keys. */
export { PackagingErrors } from "./errors.js";
export { DEFAULT_LIMITS, MANIFEST_FILE, SIGNATURE_FILE, TRUST_TABLE, type UnpackLimits } from "./constants.js";
export { pack, tarballName, type PackResult } from "./pack.js";
export { sign, type SignResult } from "./sign.js";
export { verify, verifyDir, withVerifiedPackage, type Trust, type TrustedKey, type TrustLookup, type Verified } from "./verify.js";
export { unpackTarball } from "./tarball.js";
export { fingerprintOf, privateKeyFrom, publicKeyFrom } from "./keys.js";
export type { FileManifest } from "./manifest.js";
export type { SignatureFile } from "./signature.js";
export { packagingModule, packagingOf, type PackagingOptions, type PackagingRuntime } from "./module.js";
export { TrustStore, type TrustedKeyInfo } from "./trust-store.js";
export { PACKAGING_MIGRATIONS, migratePackaging } from "./migrations.js";
export { PackagingActions, PACKAGING_ROUTES } from "./service.js";
export { TrustAuditActions, PackageAuditActions } from "./constants.js";
export type { UploadResult } from "./upload.js";

/** Names and limits shared by packing, signing, verifying and the trust store. */

/** Where the file manifest and the signature sit inside a package (relative to its root). */
export const MANIFEST_FILE = ".anju/files.json";
export const SIGNATURE_FILE = ".anju/signature.json";
/** Files the signature covers by other means (the manifest is what is signed; the signature signs itself). */
export const META_FILES = new Set([MANIFEST_FILE, SIGNATURE_FILE]);

export const HASH_ALGORITHM = "sha256";
export const SIGNATURE_ALGORITHM = "ed25519";
export const FORMAT_VERSION = 1;

/** Every member of a .tgz sits under this folder, as `npm pack` makes them. */
export const TAR_ROOT = "package";
/** Fixed member time: the same source gives the same bytes (reproducible packages). */
export const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

export interface UnpackLimits {
  /** The .tgz itself. */
  maxCompressedBytes: number;
  /** Everything decompressed (tar headers and padding included). */
  maxUnpackedBytes: number;
  maxFileBytes: number;
  maxFiles: number;
}

/** Generous for a plugin (code, forms, locales, a few images), far below what a bomb would need. */
export const DEFAULT_LIMITS: Readonly<UnpackLimits> = Object.freeze({
  maxCompressedBytes: 50 * 1024 * 1024,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxFileBytes: 50 * 1024 * 1024,
  maxFiles: 5000,
});

export const VENDOR_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export const TRUST_TABLE = "anju_trusted_key";
export const MIGRATION_OWNER = "@packaging";

export const TrustAuditActions = {
  add: "plugin.trust.add",
  remove: "plugin.trust.remove",
} as const;

export const PackageAuditActions = {
  upload: "plugin.package.upload",
} as const;

/** Skipped when packing a folder without a `files` list (and always: node_modules, .git). */
export const DEFAULT_IGNORES = [
  "node_modules", ".git", ".svn", ".hg", ".DS_Store", "npm-debug.log", "*.log", "coverage", ".nyc_output",
  "test-results", "playwright-report", ".vitest", ".cache", "*.tgz", ".npmrc", ".env", ".env.*", ".anju",
];

/**
 * @anju/privacy — personal-information protection (H11, PIPL): field encryption with a key
 * outside the database, blind indexes, masking, audited unmasking, consent records with
 * erasure on withdrawal, and the breach workflow with its notices.
 */
export { PrivacyErrors } from "./errors.js";
export type { PrivacyErrorCode } from "./errors.js";
export { PI_KINDS, PI_KIND_NAMES, PI_MAX_LENGTH, PI_MAX_BYTES, SENSITIVE_BY_DEFAULT, isPiKind, normalise } from "./kinds.js";
export type { PiKind } from "./kinds.js";
export { mask } from "./mask.js";

export { PiCodec, activePiCodec, setActivePiCodec, isCiphertext, keyIdOf, BLIND_INDEX_PATTERN, encryptField, decryptField, blindIndex } from "./crypto/codec.js";
export { loadKeyring, keyringFromEnv, readKeyFile, KEY_FILE_NAME } from "./crypto/keyring.js";
export type { Keyring, KeyringOptions } from "./crypto/keyring.js";
export { rotateKeys, reencryptAll, retireKey, valuesUsingKey } from "./crypto/rotation.js";
export type { ReencryptReport } from "./crypto/rotation.js";

export { definePiFields, piFieldSetOf, piFieldSets, findByBlindIndex, PiFieldSet } from "./fields/pi-fields.js";
export type { PiFieldSpec, PiFieldDef, PiFieldSetOptions } from "./fields/pi-fields.js";
export { piTransformer, blindIndexTransformer } from "./fields/transformers.js";
export { installPiSubscriber, PiIndexSubscriber } from "./fields/subscriber.js";

export { PI_MANIFEST_SCHEMA, validatePiDeclarations, verifyPiDeclarations, assertPiDeclarations } from "./manifest.js";
export type { PiFieldDeclaration } from "./manifest.js";

export { PrivacyPermissions, PRIVACY_ROLE_GRANTS, hasPermission, requirePermission } from "./access/permissions.js";
export type { PrivacyPermission } from "./access/permissions.js";
export { AUDIT_RECORD, recordAudit } from "./access/audit.js";
export { unmask, revealField, noStore, NO_STORE_HEADERS, PrivacyAuditActions } from "./access/unmask.js";
export type { UnmaskTarget } from "./access/unmask.js";

export { ConsentStore } from "./consent/store.js";
export type { Consent, ConsentInput, WithdrawalResult } from "./consent/store.js";
export { registerErasureHandler, unregisterErasureHandler } from "./consent/erasure.js";
export type { ErasureEvent, ErasureHandler } from "./consent/erasure.js";

export { BreachStore, BREACH_STATES } from "./breach/store.js";
export type { Breach, BreachFields, AffectedSubject } from "./breach/store.js";
export { renderNotice, NOTICE_AUDIENCES } from "./breach/notice.js";
export type { Notice, NoticeAudience } from "./breach/notice.js";

export { ConsentEntity, BreachEntity, BreachSubjectEntity, PRIVACY_ENTITIES } from "./entities.js";
export { PRIVACY_MIGRATIONS } from "./migrations.js";
export { installPrivacy, codecOf, PRIVACY_MIGRATION_OWNER } from "./install.js";
export type { PrivacyOptions } from "./install.js";
export { createPrivacyService } from "./service/privacy.service.js";
export type { PrivacyServiceOptions } from "./service/privacy.service.js";
export { PrivacyActions, PRIVACY_ROUTES, CONSENT_WITHDRAWN_EVENT } from "./service/actions.js";

import { ConsentStore } from "./consent/store.js";
import type { Context } from "moleculer";
import { dataSourceOf, requireRequestContext } from "@anju/kernel";
import type { PiKind } from "./kinds.js";

/**
 * For a plugin action about to store sensitive PI: refuse with CONSENT_REQUIRED (403) unless
 * the subject has an active consent for the purpose covering every kind, in the caller's subtree.
 */
export function requireConsent(ctx: Context, subjectId: string, purpose: string, kinds: readonly PiKind[]): Promise<void> {
  return new ConsentStore(dataSourceOf(ctx), requireRequestContext(ctx).jurisdiction).requireConsent(subjectId, purpose, kinds);
}
export { privacyModule } from "./module.js";

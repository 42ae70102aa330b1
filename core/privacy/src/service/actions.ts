/** Action names of the `privacy` service and the REST routes the gateway serves for them. */
import type { PluginRoute } from "@anju/kernel";

export const PrivacyActions = {
  consentsRecord: "privacy.consents.record",
  consentsList: "privacy.consents.list",
  consentsGet: "privacy.consents.get",
  consentsCheck: "privacy.consents.check",
  consentsWithdraw: "privacy.consents.withdraw",
  breachesRecord: "privacy.breaches.record",
  breachesList: "privacy.breaches.list",
  breachesGet: "privacy.breaches.get",
  breachesUpdate: "privacy.breaches.update",
  breachesAddSubjects: "privacy.breaches.addSubjects",
  breachesSubjects: "privacy.breaches.subjects",
  breachesNotify: "privacy.breaches.notify",
  breachesClose: "privacy.breaches.close",
  breachesNotice: "privacy.breaches.notice",
  reveal: "privacy.reveal",
  keysStatus: "privacy.keys.status",
  keysRotate: "privacy.keys.rotate",
  keysRetire: "privacy.keys.retire",
} as const;

/** Broadcast after a withdrawal erased data (for caches and search indexes on other nodes). */
export const CONSENT_WITHDRAWN_EVENT = "privacy.consent.withdrawn";

/** Routes relative to `/api`. Reveal is a POST: the response must not be cached or logged by URL. */
export const PRIVACY_ROUTES: PluginRoute[] = [
  { method: "GET", path: "/privacy/consents", action: PrivacyActions.consentsList },
  { method: "POST", path: "/privacy/consents", action: PrivacyActions.consentsRecord },
  { method: "POST", path: "/privacy/consents/check", action: PrivacyActions.consentsCheck },
  { method: "GET", path: "/privacy/consents/:id", action: PrivacyActions.consentsGet },
  { method: "POST", path: "/privacy/consents/:id/withdraw", action: PrivacyActions.consentsWithdraw },
  { method: "GET", path: "/privacy/breaches", action: PrivacyActions.breachesList },
  { method: "POST", path: "/privacy/breaches", action: PrivacyActions.breachesRecord },
  { method: "GET", path: "/privacy/breaches/:id", action: PrivacyActions.breachesGet },
  { method: "PATCH", path: "/privacy/breaches/:id", action: PrivacyActions.breachesUpdate },
  { method: "POST", path: "/privacy/breaches/:id/subjects", action: PrivacyActions.breachesAddSubjects },
  { method: "GET", path: "/privacy/breaches/:id/subjects", action: PrivacyActions.breachesSubjects },
  { method: "POST", path: "/privacy/breaches/:id/notify", action: PrivacyActions.breachesNotify },
  { method: "POST", path: "/privacy/breaches/:id/close", action: PrivacyActions.breachesClose },
  { method: "GET", path: "/privacy/breaches/:id/notice", action: PrivacyActions.breachesNotice },
  { method: "POST", path: "/privacy/reveal", action: PrivacyActions.reveal },
  { method: "GET", path: "/privacy/keys", action: PrivacyActions.keysStatus },
  { method: "POST", path: "/privacy/keys/rotate", action: PrivacyActions.keysRotate },
  { method: "DELETE", path: "/privacy/keys/:keyId", action: PrivacyActions.keysRetire },
];

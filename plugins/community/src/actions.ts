/** Action names of the community plugin: other plugins and the routes refer to these, never to literals. */

export const CommunityServices = {
  summary: "community",
  communities: "community.communities",
  buildings: "community.buildings",
  units: "community.units",
  facilities: "community.facilities",
  devices: "community.devices",
  accessPoints: "community.accessPoints",
  placements: "community.placements",
  authorisations: "community.authorisations",
  accessEvents: "community.accessEvents",
} as const;

function crud<S extends string>(service: S) {
  return {
    list: `${service}.list`,
    get: `${service}.get`,
    create: `${service}.create`,
    update: `${service}.update`,
    remove: `${service}.remove`,
  } as const;
}

export const CommunityActions = {
  stats: `${CommunityServices.summary}.stats`,
  communities: crud(CommunityServices.communities),
  buildings: crud(CommunityServices.buildings),
  units: crud(CommunityServices.units),
  facilities: crud(CommunityServices.facilities),
  devices: crud(CommunityServices.devices),
  accessPoints: {
    ...crud(CommunityServices.accessPoints),
    setCredentials: `${CommunityServices.accessPoints}.setCredentials`,
  },
  /** Where a registered device (core/devices code) sits: building and unit. */
  placements: {
    list: `${CommunityServices.placements}.list`,
    set: `${CommunityServices.placements}.set`,
    remove: `${CommunityServices.placements}.remove`,
  },
  /** Resident authorisations (住户授权): who may pass with which credential, from when to when. */
  authorisations: {
    list: `${CommunityServices.authorisations}.list`,
    get: `${CommunityServices.authorisations}.get`,
    grant: `${CommunityServices.authorisations}.grant`,
    update: `${CommunityServices.authorisations}.update`,
    revoke: `${CommunityServices.authorisations}.revoke`,
  },
  /** Access events (通行记录) from the access-control platform. */
  accessEvents: {
    record: `${CommunityServices.accessEvents}.record`,
    list: `${CommunityServices.accessEvents}.list`,
    get: `${CommunityServices.accessEvents}.get`,
    since: `${CommunityServices.accessEvents}.since`,
  },
} as const;

/**
 * Broker events (emitted, balanced per consuming service). Payloads carry ids only, never
 * personal information: consumers read the record through the actions, which mask.
 */
export const CommunityEvents = {
  /** `AuthorisationChangedEvent`, after the change is committed. */
  authorisationChanged: "community.authorisation.changed",
  /** `AccessRecordedEvent`, after an ingestion batch is committed (only when something new was stored). */
  accessRecorded: "community.access.recorded",
} as const;

export interface AuthorisationChangedEvent {
  id: number; communityId: number; jurisdictionCode: string; change: "granted" | "updated" | "revoked"; revision: number; at: number;
}
export interface AccessRecordedEvent { communityId: number; jurisdictionCode: string; ids: number[] }

/** Audit actions this plugin records itself (without personal information). */
export const CommunityAudit = {
  authorisationGrant: "community.authorisation.grant",
  authorisationUpdate: "community.authorisation.update",
  authorisationRevoke: "community.authorisation.revoke",
  /** A system reader (the uplink) took an authorisation unmasked. */
  authorisationUnmask: "community.authorisation.unmask",
} as const;

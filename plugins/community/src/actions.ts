/** Action names of the community plugin: other plugins and the routes refer to these, never to literals. */

export const CommunityServices = {
  summary: "community",
  communities: "community.communities",
  buildings: "community.buildings",
  units: "community.units",
  facilities: "community.facilities",
  devices: "community.devices",
  accessPoints: "community.accessPoints",
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
} as const;

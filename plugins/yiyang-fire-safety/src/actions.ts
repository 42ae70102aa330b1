/** Action names of the Yiyang plugin: routes, pages and tests refer to these, never to literals. */

export const YiyangServices = {
  progress: "yiyang-fire-safety.progress",
  declarations: "yiyang-fire-safety.declarations",
  notices: "yiyang-fire-safety.notices",
  rentals: "yiyang-fire-safety.rentals",
  alarms: "yiyang-fire-safety.alarms",
  access: "yiyang-fire-safety.access",
  readings: "yiyang-fire-safety.readings",
} as const;

const S = YiyangServices;

export const YiyangActions = {
  progress: {
    communities: `${S.progress}.communities`,
    streets: `${S.progress}.streets`,
    overview: `${S.progress}.overview`,
    standard: `${S.progress}.standard`,
  },
  declarations: {
    list: `${S.declarations}.list`,
    create: `${S.declarations}.create`,
    revoke: `${S.declarations}.revoke`,
  },
  notices: {
    list: `${S.notices}.list`,
    current: `${S.notices}.current`,
    get: `${S.notices}.get`,
    publish: `${S.notices}.publish`,
    withdraw: `${S.notices}.withdraw`,
  },
  rentals: {
    list: `${S.rentals}.list`,
    get: `${S.rentals}.get`,
    create: `${S.rentals}.create`,
    update: `${S.rentals}.update`,
    remove: `${S.rentals}.remove`,
  },
  alarms: {
    list: `${S.alarms}.list`,
    get: `${S.alarms}.get`,
    acknowledge: `${S.alarms}.acknowledge`,
    dispatch: `${S.alarms}.dispatch`,
    result: `${S.alarms}.result`,
    close: `${S.alarms}.close`,
    stats: `${S.alarms}.stats`,
    board: `${S.alarms}.board`,
    county: `${S.alarms}.county`,
  },
  access: {
    countyAuthorisations: `${S.access}.countyAuthorisations`,
    countyAccessEvents: `${S.access}.countyAccessEvents`,
  },
  readings: {
    county: `${S.readings}.county`,
  },
} as const;

/** Audit actions this plugin records itself. */
export const YiyangAudit = {
  declarationCreate: "yiyang-fire-safety.declaration.create",
  declarationRevoke: "yiyang-fire-safety.declaration.revoke",
  noticePublish: "yiyang-fire-safety.notice.publish",
  noticeWithdraw: "yiyang-fire-safety.notice.withdraw",
  rentalCreate: "yiyang-fire-safety.rental.create",
  rentalUpdate: "yiyang-fire-safety.rental.update",
  rentalRemove: "yiyang-fire-safety.rental.remove",
  alarmAcknowledge: "yiyang-fire-safety.alarm.acknowledge",
  alarmDispatch: "yiyang-fire-safety.alarm.dispatch",
  alarmResult: "yiyang-fire-safety.alarm.result",
  alarmClose: "yiyang-fire-safety.alarm.close",
} as const;

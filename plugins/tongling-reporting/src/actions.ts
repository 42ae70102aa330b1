/** Action names of the Tongling plugin: routes, pages, tests and the scheduler refer to these, never to literals. */

export const TonglingServices = {
  reports: "tongling-reporting.reports",
  progress: "tongling-reporting.progress",
  attestations: "tongling-reporting.attestations",
  findings: "tongling-reporting.findings",
  board: "tongling-reporting.board",
  notifications: "tongling-reporting.notifications",
  scheduler: "tongling-reporting.scheduler",
} as const;

const S = TonglingServices;

export const TonglingActions = {
  reports: {
    list: `${S.reports}.list`,
    get: `${S.reports}.get`,
    create: `${S.reports}.create`,
    update: `${S.reports}.update`,
    submit: `${S.reports}.submit`,
    accept: `${S.reports}.accept`,
    return: `${S.reports}.return`,
    history: `${S.reports}.history`,
    pdf: `${S.reports}.pdf`,
    attachment: `${S.reports}.attachment`,
  },
  progress: {
    communities: `${S.progress}.communities`,
    summary: `${S.progress}.summary`,
    checklist: `${S.progress}.checklist`,
  },
  attestations: {
    list: `${S.attestations}.list`,
    create: `${S.attestations}.create`,
    revoke: `${S.attestations}.revoke`,
  },
  findings: {
    list: `${S.findings}.list`,
    recheck: `${S.findings}.recheck`,
  },
  board: {
    overview: `${S.board}.overview`,
    status: `${S.board}.status`,
    trend: `${S.board}.trend`,
    export: `${S.board}.export`,
  },
  notifications: {
    list: `${S.notifications}.list`,
    markRead: `${S.notifications}.markRead`,
  },
  scheduler: {
    tick: `${S.scheduler}.tick`,
    jobs: `${S.scheduler}.jobs`,
  },
} as const;

/** Audit actions this plugin records itself (every report transition, attestations). */
export const TonglingAudit = {
  reportCreate: "tongling-reporting.report.create",
  reportUpdate: "tongling-reporting.report.update",
  reportSubmit: "tongling-reporting.report.submit",
  reportResubmit: "tongling-reporting.report.resubmit",
  reportAccept: "tongling-reporting.report.accept",
  reportReturn: "tongling-reporting.report.return",
  boardExport: "tongling-reporting.board.export",
  reportPdf: "tongling-reporting.report.pdf",
  attestationCreate: "tongling-reporting.attestation.create",
  attestationRevoke: "tongling-reporting.attestation.revoke",
} as const;

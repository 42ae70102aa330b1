/**
 * The report's content goes through the forms module: the default form this plugin ships
 * (forms/monthly-report.json, possibly extended by the city or county) validates it on the
 * server, stores its attachments (type by magic bytes) and records the form version.
 *
 * Forms is called as the system principal **in the county's jurisdiction**, after this plugin
 * has checked the caller's own permission and level: the county reporter's plugin role cannot
 * carry `forms.submission:create`, and a nested call cannot change principal. The submission is
 * then the county's; the author is on the report, its history and the audit trail.
 */
import type { ServiceBroker } from "moleculer";
import { hostOf, systemContext } from "@anju/kernel";
import { FormsActions } from "@anju/forms";
import { REPORT_FORM_KEY } from "./constants.js";
import { TonglingErrors } from "./errors.js";

export interface StoredSubmission {
  id: string;
  version: number;
  data: Record<string, unknown>;
  attachments: Array<{ id: string; field: string; name: string; type: string; size: number; sha256: string }>;
}

/** Moleculer's "no such service" means this node runs without the forms module. */
function unavailable(err: unknown): never {
  const type = (err as { type?: string }).type;
  if (type === "SERVICE_NOT_FOUND" || type === "SERVICE_NOT_AVAILABLE") throw TonglingErrors.TONGLING_FORMS_UNAVAILABLE();
  throw err;
}

export function submitReportForm(broker: ServiceBroker, county: string, data: Record<string, unknown>): Promise<StoredSubmission> {
  return hostOf(broker).call<StoredSubmission>(FormsActions.submit, { key: REPORT_FORM_KEY, data }, systemContext(county)).catch(unavailable);
}

export function attachmentOf(broker: ServiceBroker, county: string, submissionId: string, fileId: string): Promise<{ name: string; type: string; mime: string; size: number; content: string }> {
  return hostOf(broker).call<{ name: string; type: string; mime: string; size: number; content: string }>(
    FormsActions.attachment, { id: submissionId, fileId }, systemContext(county)).catch(unavailable);
}

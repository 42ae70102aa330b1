/**
 * The `forms` service. Every action declares its permission (the RBAC slot enforces it and the
 * OpenAPI document shows it) and checks it again in the handler, so a node without RBAC refuses
 * rather than allows. The jurisdiction is the verified context's, never a parameter. The audit
 * slot is told to stay out (`audit: false`): design, publish, extend and submissions record
 * themselves, with the error code on refusal and without the submitted answers.
 */
import type { Context, ServiceSchema } from "moleculer";
import { authorize, defineActions, hostOf, requireJurisdiction, type AnjuActionSchema } from "@anju/kernel";
import { FormsPermissions as P } from "../constants.js";
import { callerOf, type Caller } from "../resolve.js";
import { runtimeOf, type FormsRuntime } from "../runtime.js";
import { createForm, diffVersions, getEffective, getVersion, listForms, listVersions, publish, saveDraft } from "./design.js";
import { extend, getExtension, listConflicts } from "./extend.js";
import { Params } from "./params.js";
import { getAttachment, getSubmission, listOfSubmissions, submit } from "./submit.js";

type Handler<T> = (rt: FormsRuntime, caller: Caller, params: T) => Promise<unknown>;

function action<T>(permission: string, params: Record<string, unknown>, handler: Handler<T>, options: { needsJurisdiction?: boolean } = {}): AnjuActionSchema {
  return {
    permission,
    audit: false,
    // A JSON Schema, which Moleculer's ActionParams type does not describe (validator: false).
    params: params as AnjuActionSchema["params"],
    async handler(ctx: Context<T>) {
      const rc = await authorize(ctx, permission);
      // Owning, extending and submitting happen somewhere: the system acting for no jurisdiction cannot.
      if (options.needsJurisdiction) requireJurisdiction(ctx);
      const rt = runtimeOf(hostOf(ctx.broker));
      return handler(rt, await callerOf(rt, rc), ctx.params);
    },
  };
}

type Key = { key: string };

export function formsService(): ServiceSchema {
  const own = { needsJurisdiction: true };
  return {
    name: "forms",
    actions: defineActions({
      list: action(P.formRead, Params.list, (rt, caller) => listForms(rt, caller)),
      get: action<Key>(P.formRead, Params.byKey, (rt, caller, p) => getEffective(rt, caller, p.key)),
      create: action<Parameters<typeof createForm>[2]>(P.formDesign, Params.create, createForm, own),
      saveDraft: action<Parameters<typeof saveDraft>[2]>(P.formDesign, Params.saveDraft, saveDraft, own),
      publish: action<Key>(P.formPublish, Params.byKey, (rt, caller, p) => publish(rt, caller, p.key), own),
      versions: action<Key>(P.formRead, Params.byKey, (rt, caller, p) => listVersions(rt, caller, p.key)),
      version: action<Key & { version: number }>(P.formRead, Params.version, (rt, caller, p) => getVersion(rt, caller, p.key, p.version)),
      diff: action<Key & { from: number; to: number }>(P.formRead, Params.diff, (rt, caller, p) => diffVersions(rt, caller, p.key, p.from, p.to)),
      // An extension is live as soon as it is saved, so it takes the publishing permission.
      extend: action<Parameters<typeof extend>[2]>(P.formPublish, Params.extend, extend, own),
      extension: action<Key>(P.formRead, Params.byKey, (rt, caller, p) => getExtension(rt, caller, p.key)),
      conflicts: action(P.formRead, Params.list, (rt, caller) => listConflicts(rt, caller)),
      submit: action<Parameters<typeof submit>[2]>(P.submissionCreate, Params.submit, submit, own),
      submissions: action<{ key?: string; page: number; pageSize: number }>(P.submissionRead, Params.submissions, listOfSubmissions),
      submission: action<{ id: string }>(P.submissionRead, Params.submission, (rt, caller, p) => getSubmission(rt, caller, p.id)),
      attachment: action<{ id: string; fileId: string }>(P.submissionRead, Params.attachment, (rt, caller, p) => getAttachment(rt, caller, p.id, p.fileId)),
    }),
  };
}

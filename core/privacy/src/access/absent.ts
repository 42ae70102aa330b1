/** Moleculer's answer when no node runs the called service: optional collaborators are skipped then. */
const ABSENT = new Set(["SERVICE_NOT_FOUND", "SERVICE_NOT_AVAILABLE"]);

export function isServiceAbsent(err: unknown): boolean {
  const e = err as { type?: string; name?: string } | null;
  return ABSENT.has(e?.type ?? "") || e?.name === "ServiceNotFoundError" || e?.name === "ServiceNotAvailableError";
}

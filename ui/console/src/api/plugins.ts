/** The kernel's plugin manager routes (core/kernel/src/services/actions.ts) and the package upload (core/packaging). */
import { statusMessage } from "../utils/errors";
import { ApiError, buildUrl, http, type ErrorBody } from "./http";
import type { PackageSignature } from "./types";

export interface SettingsLayer { jurisdiction: string; value: Record<string, unknown> }
export interface SettingsAnswer { effective: Record<string, unknown>; layers: SettingsLayer[]; own: Record<string, unknown> | null }

export const pluginsApi = {
  install: (id: string) => http.post<{ installed: string[] }>(`/api/plugins/${id}/install`),
  enable: (id: string, jurisdiction: string) => http.post<{ enabled: string[] }>(`/api/plugins/${id}/enable`, { jurisdiction }),
  disable: (id: string, jurisdiction: string) => http.post<{ disabled: string[] }>(`/api/plugins/${id}/disable`, { jurisdiction }),
  upgrade: (id: string) => http.post<{ from: string; to: string; migrations: string[] }>(`/api/plugins/${id}/upgrade`),
  uninstall: (id: string, purge = false) => http.delete<{ purged: string[] }>(`/api/plugins/${id}`, purge ? { purge: true } : undefined),
  settings: (id: string, jurisdiction: string) => http.get<SettingsAnswer>(`/api/plugins/${id}/settings`, { jurisdiction }),
  configure: (id: string, jurisdiction: string, settings: Record<string, unknown>, replace = true) =>
    http.put<{ jurisdiction: string; effective: Record<string, unknown> }>(`/api/plugins/${id}/settings`, { jurisdiction, settings, replace }),
};

/** What the server answers for an uploaded package (core/packaging UploadResult). */
export interface PackageUploadResult {
  id: string;
  version: string;
  action: "installed" | "upgraded";
  installed: string[];
  signature: PackageSignature | null;
  bytes: number;
  sha256: string;
}

/** The server's default limit (core/packaging DEFAULT_LIMITS.maxCompressedBytes): bigger files are refused before they are sent. */
export const MAX_PACKAGE_BYTES = 50 * 1024 * 1024;

export interface PackageUpload {
  done: Promise<PackageUploadResult>;
  abort(): void;
}

/**
 * Upload a .tgz as the raw request body. XMLHttpRequest, not fetch: only it reports upload
 * progress. Errors come back as ApiError with the server's code and message (in the caller's
 * language), a lost connection as a TypeError (shown as the network message).
 */
export function uploadPackage(file: File, locale: string, onProgress: (fraction: number) => void): PackageUpload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<PackageUploadResult>((resolve, reject) => {
    xhr.open("POST", buildUrl("/api/plugins/packages", { name: file.name }));
    xhr.setRequestHeader("Content-Type", "application/gzip");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", locale);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new TypeError("network"));
    xhr.onabort = () => reject(new TypeError("aborted"));
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not ours: reported by status below */ }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === "object") {
        resolve(body as PackageUploadResult);
        return;
      }
      const error = (body as Partial<ErrorBody> | null)?.error;
      reject(error?.code ? new ApiError(xhr.status, error.code, error.message, error.data ?? {}) : new ApiError(xhr.status, `HTTP_${xhr.status}`, statusMessage(xhr.status)));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

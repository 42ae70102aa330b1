/** The kernel's plugin manager routes (core/kernel/src/services/actions.ts). */
import { http } from "./http";

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

/** The host's own tables. EntitySchema keeps column types explicit (esbuild emits no decorator metadata). */
import { EntitySchema } from "typeorm";

export interface JurisdictionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  /** Materialised path `/340000/340100/340104/`: a subtree is a prefix match. */
  path: string;
  createdAt: Date;
  updatedAt: Date;
}

export const JurisdictionEntity = new EntitySchema<JurisdictionRow>({
  name: "Jurisdiction",
  tableName: "anju_jurisdiction",
  columns: {
    code: { type: "varchar", length: 32, primary: true },
    name: { type: "varchar", length: 100 },
    level: { type: "varchar", length: 16 },
    parentCode: { name: "parent_code", type: "varchar", length: 32, nullable: true },
    path: { type: "varchar", length: 400 },
    createdAt: { name: "created_at", type: "datetime", createDate: true },
    updatedAt: { name: "updated_at", type: "datetime", updateDate: true },
  },
});

export interface PluginRow {
  id: string;
  version: string;
  kind: string;
  state: string;
  error: string | null;
  manifest: string;
  source: string;
  installedAt: Date;
  updatedAt: Date;
}

export const PluginEntity = new EntitySchema<PluginRow>({
  name: "Plugin",
  tableName: "anju_plugin",
  columns: {
    id: { type: "varchar", length: 64, primary: true },
    version: { type: "varchar", length: 64 },
    kind: { type: "varchar", length: 16 },
    state: { type: "varchar", length: 16 },
    error: { type: "text", nullable: true },
    manifest: { type: "text" },
    source: { type: "varchar", length: 1024 },
    installedAt: { name: "installed_at", type: "datetime", createDate: true },
    updatedAt: { name: "updated_at", type: "datetime", updateDate: true },
  },
});

export interface PluginJurisdictionRow {
  pluginId: string;
  jurisdictionCode: string;
  enabled: boolean;
  updatedAt: Date;
}

/** An explicit enable/disable at a node; descendants inherit the nearest one. */
export const PluginJurisdictionEntity = new EntitySchema<PluginJurisdictionRow>({
  name: "PluginJurisdiction",
  tableName: "anju_plugin_jurisdiction",
  columns: {
    pluginId: { name: "plugin_id", type: "varchar", length: 64, primary: true },
    jurisdictionCode: { name: "jurisdiction_code", type: "varchar", length: 32, primary: true },
    enabled: { type: "boolean" },
    updatedAt: { name: "updated_at", type: "datetime", updateDate: true },
  },
});

export interface PluginSettingRow {
  pluginId: string;
  jurisdictionCode: string;
  value: string;
  updatedAt: Date;
}

/** Settings overridden at a node (JSON); the effective value merges root → node. */
export const PluginSettingEntity = new EntitySchema<PluginSettingRow>({
  name: "PluginSetting",
  tableName: "anju_plugin_setting",
  columns: {
    pluginId: { name: "plugin_id", type: "varchar", length: 64, primary: true },
    jurisdictionCode: { name: "jurisdiction_code", type: "varchar", length: 32, primary: true },
    value: { type: "text" },
    updatedAt: { name: "updated_at", type: "datetime", updateDate: true },
  },
});

export interface MetaRow { key: string; value: string }

/** Small host-wide counters, e.g. the plugin-state generation other processes poll. */
export const MetaEntity = new EntitySchema<MetaRow>({
  name: "Meta",
  tableName: "anju_meta",
  columns: {
    key: { type: "varchar", length: 64, primary: true },
    value: { type: "varchar", length: 255 },
  },
});

export const HOST_ENTITIES = [JurisdictionEntity, PluginEntity, PluginJurisdictionEntity, PluginSettingEntity, MetaEntity];

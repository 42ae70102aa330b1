/**
 * Column definitions every community table shares. Timestamps are set by the services (not
 * TypeORM's createDate magic) so SQLite and MariaDB store the same thing; see timestamps().
 */
export const idColumn = { type: "integer", primary: true, generated: "increment" } as const;

export const timestampColumns = {
  createdAt: { name: "created_at", type: "datetime" },
  updatedAt: { name: "updated_at", type: "datetime" },
} as const;

export interface Timestamps { createdAt: Date; updatedAt: Date }

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

/** mysql2 answers BIGINT as a string; epoch milliseconds fit a JS number. */
const msTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) => (v === null || v === undefined ? v : Number(v)),
};

/** Epoch milliseconds in BIGINT, as the device platform and the uplink keep times. */
export const msColumn = (name: string, nullable = false) => ({ name, type: "bigint", nullable, transformer: msTransformer }) as const;

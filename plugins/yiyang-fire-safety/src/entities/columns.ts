/** Column definitions the plugin's tables share; timestamps are set by the code (one clock, the server's). */
export const idColumn = { type: "integer", primary: true, generated: "increment" } as const;
export const datetime = (name: string, nullable = false) => ({ name, type: "datetime", nullable }) as const;
export const varchar = (length: number, name?: string, nullable = false) => ({ ...(name ? { name } : {}), type: "varchar", length, nullable }) as const;

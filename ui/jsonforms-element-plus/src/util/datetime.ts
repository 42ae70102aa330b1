/**
 * JSON Schema `date-time` wants RFC 3339 with an offset. We keep the user's own offset
 * ("2024-05-01T09:30:00+08:00") rather than converting to UTC, so the stored text reads the
 * same as what the user picked in Beijing time.
 */
const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

export const toRfc3339 = (date: Date): string => {
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day}T${time}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
};

/** A stored date-time as a Date for the picker; anything Date cannot read shows as empty. */
export const fromRfc3339 = (value: unknown): Date | undefined => {
  if (typeof value !== "string" || value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

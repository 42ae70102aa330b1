/** Small statistics and formatting helpers shared by the benchmarks. */

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

export function summary(xs: number[]): { min: number; median: number; max: number } {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) };
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
export const pct = (r: number) => `${(r * 100).toFixed(1)} %`;

/** Parse `--name value` / `--name=value` flags with numeric defaults. */
export function numberArgs<T extends { [K in keyof T]: number }>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-zA-Z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    const key = m[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(key in defaults)) continue;
    const raw = m[2] ?? argv[++i];
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${m[1]} needs a number, got ${raw}`);
    out[key] = value;
  }
  return out as T;
}

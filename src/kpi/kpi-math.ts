/** Rounds for display (4 decimals): KPIs are shown, not accumulated, so rounding here is safe. */
export const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/** a ÷ b, null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : round4(a / b));

/** Median of the values (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return round4(s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2);
}

/** Nearest-rank percentile (p in 0..100): the ⌈p/100 · n⌉-th smallest value; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return round4(s[rank - 1] as number);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

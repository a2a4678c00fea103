const MS_PER_DAY = 86_400_000;

/** The single warehouse of a source, or null when it reports for several (or none). */
export const onlyWarehouse = (warehouses: readonly string[]): string | null => (warehouses.length === 1 ? (warehouses[0] ?? null) : null);

/** Whole minutes from `from` to `now` (negative when `from` is later). */
export const minutesSince = (from: string, now: Date): number => Math.floor((now.getTime() - Date.parse(from)) / 60_000);

/** Days from the UTC date `now` to `date` (YYYY-MM-DD): 0 = today, negative = past. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - today) / MS_PER_DAY);
}

/** Whole days from `from` to `now`. */
export const daysSince = (from: string, now: Date): number => Math.floor((now.getTime() - Date.parse(from)) / MS_PER_DAY);

export const enc = encodeURIComponent;

/** Rounds to at most `digits` decimals (for messages and facts). */
export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

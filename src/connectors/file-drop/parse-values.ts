/**
 * Pure parsers for the ways legacy exports write quantities, dates and times. Each returns
 * undefined for what it cannot read exactly; the caller turns that into a problem naming the
 * line and column. Nothing is rounded or guessed.
 */

/** `240`, `240.000`, `1,200`, `-12`, ` +3 ` → sign and decimal magnitude. */
export function parseQuantity(s: string): { readonly negative: boolean; readonly magnitude: string } | undefined {
  const t = s.trim().replace(/\s+/g, '');
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/.exec(t);
  if (!m) return undefined;
  const int = (m[2] ?? '').replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return { negative: m[1] === '-', magnitude: frac === '.' || frac === '' ? int : `${int}${frac}` };
}

/** `2027-01-31`, `2027/1/31`, `2027.01.31`, `20270131` → `2027-01-31` (a real calendar date). */
export function parseDate(s: string): string | undefined {
  const t = s.trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `08:00`, `8:05:30`, `0800`, `080530` → `08:05:30`. */
export function parseTime(s: string): string | undefined {
  const t = s.trim();
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t) ?? /^(\d{2})(\d{2})(\d{2})?$/.exec(t);
  if (!m) return undefined;
  const [h, mi, se] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || se > 59) return undefined;
  return [h, mi, se].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * A date-time: ISO-8601 with offset as is; or a date and a time (`2026-11-25 08:00:00`,
 * `2026/11/25 8:00`, `20261125080000`) in `utcOffset`.
 */
export function parseDateTime(s: string, utcOffset: string): string | undefined {
  const t = s.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return Number.isNaN(Date.parse(t)) ? undefined : t;
  const compact = /^(\d{8})(\d{4}|\d{6})$/.exec(t);
  const [datePart, timePart] = compact ? [compact[1] ?? '', compact[2] ?? ''] : t.split(/[ T]+/);
  const date = parseDate(datePart ?? '');
  const time = timePart === undefined ? '00:00:00' : parseTime(timePart);
  return date && time ? `${date}T${time}${utcOffset}` : undefined;
}

/** `+08:00`, `-05:00`, `Z` → the offset text; anything else undefined. */
export function checkOffset(s: string | undefined): string | undefined {
  if (s === undefined || s === 'Z' || s === '+00:00') return '+00:00';
  return /^[+-](0\d|1[0-4]):[0-5]\d$/.test(s) ? s : undefined;
}

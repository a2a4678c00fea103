import { ELEMENT_ERROR } from './ack-model.ts';
import type { SetFindings } from './set-findings.ts';
import { el, type Segment } from './x12-model.ts';

/**
 * Typed reads of X12 elements. Each checks the element against its X12 type (DT date, TM time, R
 * decimal, ID code) and, when it is wrong, records an AK4 element error on the set (rejecting it)
 * and returns undefined. Empty optional elements return undefined without an error.
 */

/** X12 time codes (DTM04, G62-05) → UTC offset. Others fall back to the partner's default offset. */
const TIME_CODES: Readonly<Record<string, string>> = {
  UT: '+00:00', GM: '+00:00', Z: '+00:00',
  ES: '-05:00', ED: '-04:00', ET: '-05:00',
  CS: '-06:00', CD: '-05:00', CT: '-06:00',
  MS: '-07:00', MD: '-06:00', MT: '-07:00',
  PS: '-08:00', PD: '-07:00', PT: '-08:00',
};

export const offsetOfTimeCode = (code: string): string | undefined => TIME_CODES[code.toUpperCase()];

/** A DT element (CCYYMMDD; YYMMDD in old versions) as YYYY-MM-DD. */
export function readDate(seg: Segment, n: number, f: SetFindings, required = false): string | undefined {
  const v = el(seg, n);
  if (v === '') return missing(seg, n, f, required, 'a date is required');
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})$/.exec(v);
  const century = m ? (m[1] ?? (Number(m[2]) < 50 ? '20' : '19')) : '';
  const iso = m ? `${century}${m[2]}-${m[3]}-${m[4]}` : '';
  if (!m || !isRealDate(iso)) {
    f.elementError(seg, { position: n, reference: '373', code: ELEMENT_ERROR.invalidDate, value: v }, `"${v}" is not a date (CCYYMMDD)`);
    return undefined;
  }
  return iso;
}

/** A TM element (HHMM, HHMMSS, HHMMSSD…) as HH:MM:SS. */
export function readTime(seg: Segment, n: number, f: SetFindings): string | undefined {
  const v = el(seg, n);
  if (v === '') return undefined;
  const m = /^([01]\d|2[0-3])([0-5]\d)([0-5]\d)?\d*$/.exec(v);
  if (!m) {
    f.elementError(seg, { position: n, reference: '337', code: ELEMENT_ERROR.invalidTime, value: v }, `"${v}" is not a time (HHMM[SS])`);
    return undefined;
  }
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
}

/** An ISO-8601 instant with offset from a date, an optional time and an offset. */
export const isoInstant = (date: string, time: string | undefined, offset: string): string =>
  `${date}T${time ?? '00:00:00'}${offset === '+00:00' ? 'Z' : offset}`;

/**
 * An R (decimal) element as a quantity: a JS number when it is a whole number, otherwise the exact
 * decimal text (never a float), so master data converts it exactly. Negative quantities are refused.
 */
export function readQuantity(seg: Segment, n: number, f: SetFindings, required = true): number | string | undefined {
  const v = el(seg, n);
  if (v === '') return missing(seg, n, f, required, 'a quantity is required');
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(v);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) {
    const code = v.startsWith('-') ? ELEMENT_ERROR.invalidCode : ELEMENT_ERROR.invalidCharacter;
    f.elementError(seg, { position: n, reference: '380', code, value: v }, `"${v}" is not a quantity (a decimal number ≥ 0)`);
    return undefined;
  }
  const whole = (m[1] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac === '') {
    const num = Number(whole);
    return Number.isSafeInteger(num) ? num : whole;
  }
  return `${whole}.${frac}`;
}

/** An X12 unit of measure code (element 355, ID 2/2), passed through for master data to convert. */
export function readUnit(seg: Segment, n: number, f: SetFindings, value = el(seg, n), component?: number): string | undefined {
  if (value === '') return undefined;
  if (!/^[A-Z0-9]{2}$/.test(value)) {
    const code = value.length > 2 ? ELEMENT_ERROR.tooLong : value.length < 2 ? ELEMENT_ERROR.tooShort : ELEMENT_ERROR.invalidCode;
    f.elementError(
      seg,
      { position: n, ...(component === undefined ? {} : { component }), reference: '355', code, value },
      `"${value}" is not a unit of measure code (two characters: EA, CA, PL…)${value.length > 2 ? '; a segment terminator may be missing' : ''}`,
    );
    return undefined;
  }
  return value;
}

/** True when a quantity is zero (nothing moved). */
export const isZero = (q: number | string): boolean => Number(q) === 0;

function missing(seg: Segment, n: number, f: SetFindings, required: boolean, message: string): undefined {
  if (required) f.elementError(seg, { position: n, code: ELEMENT_ERROR.mandatoryMissing }, message);
  return undefined;
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

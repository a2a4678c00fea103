import { DAY_MS } from './kpi-math.ts';
import type { KpiBand, KpiFacts, KpiLot, KpiValue } from './kpi-types.ts';

interface BandSpec {
  readonly band: string;
  readonly fromDays: number | null;
  readonly toDays: number | null;
}

export const AGE_BANDS: readonly BandSpec[] = [
  { band: '0-30', fromDays: 0, toDays: 30 },
  { band: '31-90', fromDays: 31, toDays: 90 },
  { band: '91-180', fromDays: 91, toDays: 180 },
  { band: '181-365', fromDays: 181, toDays: 365 },
  { band: '>365', fromDays: 366, toDays: null },
];

export const EXPIRY_BANDS: readonly BandSpec[] = [
  { band: 'expired', fromDays: null, toDays: -1 },
  { band: '0-7', fromDays: 0, toDays: 7 },
  { band: '8-30', fromDays: 8, toDays: 30 },
  { band: '31-90', fromDays: 31, toDays: 90 },
  { band: '91-180', fromDays: 91, toDays: 180 },
  { band: '>180', fromDays: 181, toDays: null },
];

/** Aged stock counts lots older than this; expiring stock counts lots expiring within this. */
export const AGED_AFTER_DAYS = 90;
export const EXPIRING_WITHIN_DAYS = 30;

const inBand = (d: number, b: BandSpec): boolean => (b.fromDays === null || d >= b.fromDays) && (b.toDays === null || d <= b.toDays);

function bands(lots: readonly { qty: number; days: number }[], specs: readonly BandSpec[]): KpiBand[] {
  return specs.map((b) => {
    const inside = lots.filter((l) => inBand(l.days, b));
    return { ...b, units: inside.reduce((s, l) => s + l.qty, 0), lots: inside.length };
  });
}

const utcDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** Whole days a lot has been in stock at `now` (since its first receipt); null when unknown. */
export const ageDays = (l: KpiLot, now: number): number | null => (l.receivedAt === null ? null : Math.floor((now - l.receivedAt) / DAY_MS));

/** Days from today (UTC) to the expiry date; negative = expired. */
export const daysToExpiry = (expiry: string, now: number): number => utcDay(Date.parse(`${expiry.slice(0, 10)}T00:00:00Z`)) - utcDay(now);

/** Units in stock by age band; the value is the units older than 90 days. Lots with no receipt on record are counted in `unknownAgeUnits`. */
export function agedStock(f: KpiFacts): KpiValue {
  const known: { qty: number; days: number }[] = [];
  let unknown = 0;
  for (const l of f.lots) {
    const d = ageDays(l, f.now);
    if (d === null) unknown += l.qty;
    else known.push({ qty: l.qty, days: d });
  }
  const aged = known.filter((l) => l.days > AGED_AFTER_DAYS).reduce((s, l) => s + l.qty, 0);
  return { value: aged, unit: 'units', inputs: { thresholdDays: AGED_AFTER_DAYS, unknownAgeUnits: unknown }, bands: bands(known, AGE_BANDS) };
}

/** Units of expiry-dated lots by days to expiry; the value is the units expired or expiring within 30 days. */
export function expiringStock(f: KpiFacts): KpiValue {
  const dated = f.lots.filter((l) => l.expiry !== null).map((l) => ({ qty: l.qty, days: daysToExpiry(l.expiry as string, f.now) }));
  const soon = dated.filter((l) => l.days <= EXPIRING_WITHIN_DAYS).reduce((s, l) => s + l.qty, 0);
  return { value: soon, unit: 'units', inputs: { withinDays: EXPIRING_WITHIN_DAYS, datedUnits: dated.reduce((s, l) => s + l.qty, 0) }, bands: bands(dated, EXPIRY_BANDS) };
}

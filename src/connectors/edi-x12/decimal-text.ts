/**
 * Exact arithmetic on X12 decimal quantities (R type, already checked to be unsigned decimals), so
 * derived quantities (available = on hand − held − damaged) never pass through floats. Results are
 * a number when whole, the decimal text otherwise.
 */
export type Quantity = number | string;

/** total − Σ parts, or undefined when the result would be negative. */
export function subtractQuantities(total: Quantity, parts: readonly Quantity[]): Quantity | undefined {
  const scale = scaleOf([total, ...parts]);
  let rest = toScaled(total, scale);
  for (const p of parts) rest -= toScaled(p, scale);
  return rest < 0n ? undefined : fromScaled(rest, scale);
}

/** Σ parts. */
export function addQuantities(parts: readonly Quantity[]): Quantity {
  const scale = scaleOf(parts);
  let sum = 0n;
  for (const p of parts) sum += toScaled(p, scale);
  return fromScaled(sum, scale);
}

const scaleOf = (qs: readonly Quantity[]): number => Math.max(0, ...qs.map((q) => (String(q).split('.')[1] ?? '').length));

function toScaled(q: Quantity, scale: number): bigint {
  const [whole = '0', frac = ''] = String(q).split('.');
  return BigInt((whole === '' ? '0' : whole) + frac.padEnd(scale, '0'));
}

function fromScaled(v: bigint, scale: number): Quantity {
  const text = v.toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? text : text.slice(0, -scale);
  const frac = scale === 0 ? '' : text.slice(-scale).replace(/0+$/, '');
  if (frac !== '') return `${whole}.${frac}`;
  const n = Number(whole);
  return Number.isSafeInteger(n) ? n : whole;
}

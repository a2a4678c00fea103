/**
 * Exact sum of EPCIS quantities (JSON numbers such as 200.5, written as decimal text), so quantities
 * never add up through floats. Returns a number when whole, the decimal text otherwise.
 */
export function sumQuantities(parts: readonly (number | string)[]): number | string {
  const texts = parts.map(String);
  const scale = Math.max(0, ...texts.map((q) => (q.split('.')[1] ?? '').length));
  let sum = 0n;
  for (const q of texts) {
    const [whole = '0', frac = ''] = q.split('.');
    sum += BigInt((whole === '' ? '0' : whole) + frac.padEnd(scale, '0'));
  }
  const text = sum.toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? text : text.slice(0, -scale);
  const frac = scale === 0 ? '' : text.slice(-scale).replace(/0+$/, '');
  if (frac !== '') return `${whole}.${frac}`;
  const n = Number(whole);
  return Number.isSafeInteger(n) ? n : whole;
}

/** A JSON number as an exact decimal quantity > 0, or undefined (zero, negative, not finite, exponent form). */
export function quantityOf(v: unknown): number | string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return undefined;
  const text = String(v);
  if (/e/i.test(text)) return undefined;
  return Number.isSafeInteger(v) ? v : text;
}

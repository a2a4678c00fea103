/**
 * Exact unit conversion: quantities are integers in base units, never floats.
 * A quantity given in another unit (possibly with decimals, e.g. 1.5 cases) converts only when the
 * result is a whole number of base units; otherwise the caller gets `undefined` and must reject.
 */
export function toBaseUnits(quantity: number | string, factor: number): number | undefined {
  if (!Number.isInteger(factor) || factor <= 0) return undefined;
  const text = typeof quantity === 'number' ? numberToPlain(quantity) : quantity.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] as string;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const scale = 10n ** BigInt(frac.length);
  const scaled = BigInt(whole + frac) * BigInt(factor);
  if (scaled % scale !== 0n) return undefined;
  const base = scaled / scale;
  if (base > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(base);
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n) || n < 0) return 'x';
  // toString gives exponent form for tiny/huge numbers; such quantities are not plausible stock.
  const s = n.toString();
  return /e/i.test(s) ? 'x' : s;
}

import type { BaseLine } from './order-types.ts';

/** Lines of one SKU summed into one, in first-seen order; zero lines dropped. */
export function mergeLines(lines: readonly BaseLine[]): BaseLine[] {
  const by = new Map<string, number>();
  for (const l of lines) by.set(l.sku, (by.get(l.sku) ?? 0) + l.qty);
  return [...by].filter(([, qty]) => qty > 0).map(([sku, qty]) => ({ sku, qty }));
}

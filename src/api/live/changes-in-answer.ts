import { distinctKeys, type PositionKey } from './live-notice.ts';

/**
 * Order and hold routes answer the changed order (or hold): the stream learns from the answer
 * which order changed and which (SKU, warehouse) holds moved. Returns nothing for other bodies.
 */
export function changesInAnswer(body: unknown): { orders: { id: string; warehouses: string[] }[]; keys: PositionKey[] } {
  const orders: { id: string; warehouses: string[] }[] = [];
  const keys: { sku: string; warehouse: string }[] = [];
  const visit = (x: unknown): void => {
    if (typeof x !== 'object' || x === null) return;
    const o = x as Record<string, unknown>;
    if (typeof o.id === 'string' && Array.isArray(o.allocation)) {
      const lines = o.allocation.filter((l): l is { sku: string; warehouse: string } => typeof l?.sku === 'string' && typeof l?.warehouse === 'string');
      orders.push({ id: o.id, warehouses: [...new Set(lines.map((l) => l.warehouse))] });
      keys.push(...lines);
      if (Array.isArray(o.holds)) for (const h of o.holds) visit(h);
    } else if (typeof o.order === 'string' && typeof o.sku === 'string' && typeof o.warehouse === 'string') {
      orders.push({ id: o.order, warehouses: [o.warehouse] });
      keys.push({ sku: o.sku, warehouse: o.warehouse });
    } else if (Array.isArray(o.items)) for (const i of o.items) visit(i);
  };
  visit(body);
  return { orders, keys: distinctKeys(keys) };
}

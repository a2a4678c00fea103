import type { LiveNotice } from './live-notice.ts';

const sees = (scope: ReadonlySet<string> | null, warehouses: readonly (string | null)[]): boolean =>
  scope === null || warehouses.some((w) => w !== null && scope.has(w));

/** The notice as a subscriber of `scope` may see it, or null when it concerns nothing visible to them. */
export function scopedNotice(n: LiveNotice, scope: ReadonlySet<string> | null): LiveNotice | null {
  if (scope === null) return n;
  switch (n.kind) {
    case 'positions': {
      const items = n.items.filter((i) => scope.has(i.warehouse));
      return items.length > 0 || n.truncated ? { ...n, items } : null;
    }
    case 'exception':
      return n.warehouse !== null && scope.has(n.warehouse) ? n : null;
    case 'order':
    case 'connector':
      return sees(scope, n.warehouses) ? n : null;
  }
}

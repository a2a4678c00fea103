import type { ExceptionChange } from '../../exceptions/index.ts';

/** One (SKU, warehouse) whose positions (quantities or holds) changed. */
export interface PositionKey {
  readonly sku: string;
  readonly warehouse: string;
}

/** What the stream sends; `kind` is the SSE event name, the rest its JSON data. */
export type LiveNotice =
  | { readonly kind: 'positions'; readonly at: string; readonly items: readonly PositionKey[]; readonly truncated: boolean }
  | {
      readonly kind: 'exception';
      readonly at: string;
      readonly id: string;
      readonly change: ExceptionChange['kind'];
      readonly state: string;
      readonly severity: string;
      readonly type: string;
      readonly warehouse: string | null;
    }
  | { readonly kind: 'order'; readonly at: string; readonly id: string; readonly warehouses: readonly string[] }
  | { readonly kind: 'connector'; readonly at: string; readonly source: string; readonly state: string; readonly warehouses: readonly string[] };

/** Most position keys in one notice; beyond it `truncated` says "much changed: refresh all". */
export const MAX_KEYS_PER_NOTICE = 500;

/** The SSE frame of a notice: `id`, `event` (the kind) and one `data` line of JSON. */
export function frameOf(id: number, n: LiveNotice): string {
  const { kind, ...data } = n;
  return `id: ${id}\nevent: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Distinct (SKU, warehouse) pairs, in first-seen order. */
export function distinctKeys(rows: readonly { sku: string; warehouse: string }[]): PositionKey[] {
  const seen = new Set<string>();
  const out: PositionKey[] = [];
  for (const r of rows) {
    const k = `${r.sku}\u0000${r.warehouse}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ sku: r.sku, warehouse: r.warehouse });
  }
  return out;
}

import { createHash } from 'node:crypto';

/** Columns of the raw baseline table: the ledger's `events` columns, in order. */
export const RAW_COLUMNS = [
  'chain_seq', 'id', 'source', 'source_seq', 'occurred_at', 'received_at', 'warehouse_id', 'sku_id', 'lot', 'expiry', 'quantity',
  'from_status', 'to_status', 'reason', 'order_ref', 'transfer_ref', 'ext_sku', 'ext_unit', 'ext_quantity', 'prev_hash', 'hash',
] as const;

export type RawRow = (string | number | null)[];

/**
 * DDL of the baseline table: the same columns and indexes as the ledger's events table (after
 * migration 0008): SQLite `chain_seq integer primary key` (the rowid itself), PostgreSQL
 * `chain_seq bigint primary key`; a unique id and a unique (source, source_seq) on both.
 */
export function rawTableDdl(kind: 'sqlite' | 'postgres'): string[] {
  const bigint = kind === 'sqlite' ? 'integer' : 'bigint';
  return [
    `create table raw_events (chain_seq ${bigint} primary key, id text not null unique, source text not null, source_seq bigint,
      occurred_at text not null, received_at text not null, warehouse_id text not null, sku_id text not null, lot text not null,
      expiry text, quantity bigint not null, from_status text, to_status text, reason text not null, order_ref text,
      transfer_ref text, ext_sku text not null, ext_unit text, ext_quantity text not null, prev_hash text not null, hash text not null)`,
    'create unique index raw_events_source_seq on raw_events (source, source_seq)',
  ];
}

/** `n` ledger-like rows with the same shapes and sizes as real ones (values precomputed: not timed). */
export function rawRows(n: number, warehouses = 50, skus = 10_000): RawRow[] {
  const rows: RawRow[] = [];
  const seq = new Array<number>(warehouses).fill(0);
  let prev = '0'.repeat(64);
  for (let i = 1; i <= n; i++) {
    const wh = i % warehouses;
    const s = (seq[wh] = (seq[wh] as number) + 1);
    const source = `wms-${String(wh + 1).padStart(3, '0')}`;
    const hash = createHash('sha256').update(prev).update(String(i)).digest('hex');
    const sku = `SKU-${String(((i * 7919) % skus) + 1).padStart(6, '0')}`;
    rows.push([
      i, `${source}:${s}`, source, s, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', `WH-${String(wh + 1).padStart(3, '0')}`,
      sku, '', null, 12, null, 'available', 'receipt', null, null, sku, 'case', '1', prev, hash,
    ]);
    prev = hash;
  }
  return rows;
}

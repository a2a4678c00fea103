import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

export interface RebuildReport {
  readonly events: number;
  readonly positions: number;
  /** Positions whose stored quantity differed from the replay (0 on a healthy store). */
  readonly differences: readonly { key: string; stored: number; rebuilt: number }[];
  readonly seconds: number;
}

interface Acc {
  warehouse: string;
  sku: string;
  lot: string;
  status: string;
  qty: number;
  expiry: string | null;
}

const PAGE = 20_000;
const INSERT_ROWS = 2000;

/**
 * Derives every position from the ledger alone (replaying events in chain order), compares the
 * result with the stored positions, and replaces them in one transaction. Hub holds are kept.
 * With `dryRun` it only reports the differences.
 */
export async function rebuildPositions(
  db: Kysely<Database>,
  opts: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<RebuildReport> {
  const t0 = performance.now();
  const total = Number((await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const acc = new Map<string, Acc>();
  const add = (r: { warehouse_id: string; sku_id: string; lot: string; expiry: string | null }, status: string | null, q: number) => {
    if (status === null) return;
    const key = `${r.warehouse_id}\u0000${r.sku_id}\u0000${r.lot}\u0000${status}`;
    const a = acc.get(key);
    if (a) {
      a.qty += q;
      if (a.expiry === null) a.expiry = r.expiry;
    } else acc.set(key, { warehouse: r.warehouse_id, sku: r.sku_id, lot: r.lot, status, qty: q, expiry: r.expiry });
  };
  let after = 0;
  let events = 0;
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .select(['chain_seq', 'warehouse_id', 'sku_id', 'lot', 'expiry', 'quantity', 'from_status', 'to_status'])
      .where('chain_seq', '>', after)
      .orderBy('chain_seq')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      add(r, r.from_status, -r.quantity);
      add(r, r.to_status, r.quantity);
    }
    events += rows.length;
    opts.onProgress?.(events, total);
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    after = last.chain_seq;
  }

  return db.transaction().execute(async (tx) => {
    const stored = await tx.selectFrom('positions').select(['warehouse_id', 'sku_id', 'lot', 'status', 'qty', 'held']).execute();
    const held = new Map<string, number>();
    const differences: { key: string; stored: number; rebuilt: number }[] = [];
    for (const s of stored) {
      const key = `${s.warehouse_id}\u0000${s.sku_id}\u0000${s.lot}\u0000${s.status}`;
      if (s.held !== 0) held.set(key, s.held);
      const rebuilt = acc.get(key)?.qty ?? 0;
      if (rebuilt !== s.qty) differences.push({ key: key.replaceAll('\u0000', '/'), stored: s.qty, rebuilt });
    }
    const storedKeys = new Set(stored.map((s) => `${s.warehouse_id}\u0000${s.sku_id}\u0000${s.lot}\u0000${s.status}`));
    for (const [key, a] of acc) {
      if (!storedKeys.has(key) && a.qty !== 0) differences.push({ key: key.replaceAll('\u0000', '/'), stored: 0, rebuilt: a.qty });
    }
    if (!opts.dryRun) {
      await tx.deleteFrom('positions').execute();
      const rows = [...acc.entries()].map(([key, a]) => ({
        warehouse_id: a.warehouse,
        sku_id: a.sku,
        lot: a.lot,
        status: a.status,
        qty: a.qty,
        held: held.get(key) ?? 0,
        expiry: a.expiry,
      }));
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        await tx.insertInto('positions').values(rows.slice(i, i + INSERT_ROWS)).execute();
      }
    }
    return { events, positions: acc.size, differences, seconds: (performance.now() - t0) / 1000 };
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { isPostgres } from './ledger-rows.ts';
import { type PositionChanges, writePositionChanges } from './rebuild-writes.ts';

export interface RebuildReport {
  readonly events: number;
  readonly positions: number;
  /** Positions whose stored quantity differed from the replay (0 on a healthy store). */
  readonly differences: readonly { key: string; stored: number; rebuilt: number }[];
  readonly seconds: number;
}

/**
 * The replay, kept compact because it holds every position at once (a million on a large network):
 * quantity by position key, expiry only for positions that have one, and the key's four parts kept
 * aside only for the rare key whose own text contains the separator (else they split back out).
 */
class Replay {
  readonly qty = new Map<string, number>();
  readonly expiry = new Map<string, string>();
  private readonly odd = new Map<string, readonly [string, string, string, string]>();

  add(warehouse: string, sku: string, lot: string, status: string, q: number, expiry: string | null): void {
    const key = keyOf(warehouse, sku, lot, status);
    const have = this.qty.get(key);
    if (have === undefined) {
      this.qty.set(key, q);
      if (warehouse.includes(SEP) || sku.includes(SEP) || lot.includes(SEP) || status.includes(SEP)) this.odd.set(key, [warehouse, sku, lot, status]);
    } else this.qty.set(key, have + q);
    if (expiry !== null && !this.expiry.has(key)) this.expiry.set(key, expiry);
  }

  /** The position of `key` as [warehouse, sku, lot, status, qty, expiry]. */
  row(key: string): PositionRow {
    const [w, s, l, st] = this.odd.get(key) ?? (key.split(SEP) as [string, string, string, string]);
    return [w, s, l, st, this.qty.get(key) ?? 0, this.expiry.get(key) ?? null];
  }
}

export type PositionRow = [warehouse: string, sku: string, lot: string, status: string, qty: number, expiry: string | null];

const SEP = '\u0000';
const PAGE = 20_000;

const keyOf = (warehouse: string, sku: string, lot: string, status: string): string => `${warehouse}${SEP}${sku}${SEP}${lot}${SEP}${status}`;

/**
 * Derives every position from the ledger alone (replaying events in chain order), compares the
 * result with the stored positions, and replaces them in one transaction. Hub holds are kept.
 * With `dryRun` it only reports the differences.
 *
 * The end state is the same as deleting every position and inserting the replay (with the holds of
 * positions that stay), but only what differs is written, and the stored positions are compared
 * page by page, so a healthy store of a million positions costs one read of each and no writes.
 */
export async function rebuildPositions(
  db: Kysely<Database>,
  opts: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<RebuildReport> {
  const t0 = performance.now();
  const { acc, events } = await replayLedger(db, opts.onProgress);
  const positions = acc.qty.size;
  return db.transaction().execute(async (tx) => {
    const { differences, changes } = await compareWithStored(tx, acc);
    if (!opts.dryRun) await writePositionChanges(tx, isPostgres(db), changes);
    return { events, positions, differences, seconds: (performance.now() - t0) / 1000 };
  });
}

async function replayLedger(db: Kysely<Database>, onProgress?: (done: number, total: number) => void): Promise<{ acc: Replay; events: number }> {
  const total = Number((await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const acc = new Replay();
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
      if (r.from_status !== null) acc.add(r.warehouse_id, r.sku_id, r.lot, r.from_status, -r.quantity, r.expiry);
      if (r.to_status !== null) acc.add(r.warehouse_id, r.sku_id, r.lot, r.to_status, r.quantity, r.expiry);
    }
    events += rows.length;
    onProgress?.(events, total);
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    after = last.chain_seq;
  }
  return { acc, events };
}

/**
 * Walks the stored positions in key order, a page at a time, against the replay. `acc` is consumed:
 * what is left in it afterwards are the replayed positions the store does not have.
 */
async function compareWithStored(
  tx: Kysely<Database>,
  acc: Replay,
): Promise<{ differences: { key: string; stored: number; rebuilt: number }[]; changes: PositionChanges }> {
  const differences: { key: string; stored: number; rebuilt: number }[] = [];
  const changes: PositionChanges = { updates: [], deletes: [], inserts: [] };
  let last: Database['positions'] | undefined;
  for (;;) {
    let q = tx.selectFrom('positions').selectAll();
    if (last) {
      const l = last;
      q = q.where((eb) => eb(eb.refTuple('sku_id', 'warehouse_id', 'lot', 'status'), '>', eb.tuple(l.sku_id, l.warehouse_id, l.lot, l.status)));
    }
    const page = await q.orderBy('sku_id').orderBy('warehouse_id').orderBy('lot').orderBy('status').limit(PAGE).execute();
    for (const s of page) {
      const key = keyOf(s.warehouse_id, s.sku_id, s.lot, s.status);
      const rebuilt = acc.qty.get(key);
      if ((rebuilt ?? 0) !== s.qty) differences.push({ key: key.replaceAll(SEP, '/'), stored: s.qty, rebuilt: rebuilt ?? 0 });
      if (rebuilt === undefined) changes.deletes.push([s.warehouse_id, s.sku_id, s.lot, s.status]);
      else {
        if (rebuilt !== s.qty || (acc.expiry.get(key) ?? null) !== s.expiry) changes.updates.push(acc.row(key));
        acc.qty.delete(key);
      }
    }
    last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
  }
  for (const [key, qty] of acc.qty) {
    if (qty !== 0) differences.push({ key: key.replaceAll(SEP, '/'), stored: 0, rebuilt: qty });
    changes.inserts.push(acc.row(key));
  }
  return { differences, changes };
}

/**
 * Behaviour check for the ledger's performance work: runs one scenario (tricky text, duplicates,
 * reused ids and sequences, negative stock, gaps and late arrivals, dead letters resolved by a
 * re-send, concurrent callers, positions edited behind the ledger's back, dry and real rebuilds)
 * against the source tree at ROOT (default: this one) and prints a JSON dump of every table and
 * answer. Run it on two trees and diff the dumps:
 *   ROOT=/path/to/old node --import tsx bench/tools/equivalence.ts > old.json
 *   node --import tsx bench/tools/equivalence.ts > new.json && diff old.json new.json
 * STORE=postgres (with DATABASE_URL) runs it on a fresh PostgreSQL schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InboundEvent, MasterData } from '../../src/domain/index.ts';
import { dropSchema } from '../lib/stores.ts';

const root = resolve(process.env.ROOT ?? '.');
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(root, p)).href) as Promise<T>;
const hubMod = await load<typeof import('../../src/hub/index.ts')>('src/hub/index.ts');
const mdm = await load<typeof import('../../src/mdm/index.ts')>('src/mdm/index.ts');
const ledger = await load<typeof import('../../src/ledger/index.ts')>('src/ledger/index.ts');

const md: MasterData = {
  warehouses: ['W1', 'W2'].map((id) => ({
    id, name: id, kind: 'regional', region: 'R', lat: 0, lon: 0, storageClasses: ['ambient'], hazmat: false,
    dailyCapacity: 100, cutoffTime: '16:00', timeZone: 'UTC', ownerTeam: 'ops', active: true,
  })),
  skus: ['S1', 'S2', 'S3'].map((id, i) => ({
    id, name: id, category: 'c', baseUnit: 'each', weightKg: 1, storageClass: 'ambient', hazmat: false,
    lotControlled: i === 2, expiryControlled: i === 2, minShelfLifeDays: 0,
  })),
  units: [{ sku: 'S1', unit: 'case', factor: 12 }],
  aliases: [{ system: 'src1', code: 'X"1\\{,}', sku: 'S1' }],
  statusMaps: [
    { system: 'src1', external: 'AVL', status: 'available' },
    { system: 'src1', external: 'PCK', status: 'picking' },
  ],
  sources: [
    { id: 'src1', name: 's1', dialect: 'api', warehouses: ['W1'] },
    { id: 'src2', name: 's2', dialect: 'api', warehouses: ['W2'] },
  ],
};

let tick = Date.parse('2026-01-01T00:00:00Z');
const now = () => new Date((tick += 1000));
const ev = (o: Partial<InboundEvent> & { id: string; source: string }): InboundEvent => ({
  occurredAt: '2026-01-01T00:00:00Z', warehouse: o.source === 'src1' ? 'W1' : 'W2', sku: 'S2', quantity: 1, reason: 'receipt', ...o,
});
const tricky = ['a"b', 'c\\d', '{x,y}', 'NULL', 'ü€ z', ''];

const kind = process.env.STORE ?? 'sqlite';
const dir = mkdtempSync(join(tmpdir(), 'stockmesh-eq-'));
const schema = `eq_${process.pid}`;
const hub = await hubMod.openHub(
  { dataDir: dir, databaseUrl: kind === 'postgres' ? process.env.DATABASE_URL : undefined, natsUrl: undefined, host: '127.0.0.1', port: 0 },
  { now, ...(kind === 'postgres' ? { pgSchema: schema } : { sqliteFile: 'eq.db' }) },
);
const out: Record<string, unknown> = {};
try {
  await hub.store.db.transaction().execute((tx) => mdm.saveMasterData(tx, md));
  await hub.masterData.refresh();
  const ingest = (xs: unknown[]) => hub.ingestor.ingest(xs.map((raw) => ({ raw })));
  out.a = await ingest([
    ...tricky.map((t, i) => ev({ id: `r${i}${t}`, source: 'src1', sequence: i + 1, sku: 'X"1\\{,}', unit: 'case', quantity: 2, toStatus: 'AVL', orderRef: `o${t}` })),
    ev({ id: 'lot1', source: 'src2', sequence: 1, sku: 'S3', lot: 'L"{1}\\', expiry: '2027-01-01', quantity: 7, toStatus: 'available' }),
    ev({ id: 'lot2', source: 'src2', sequence: 2, sku: 'S3', lot: 'L"{1}\\', expiry: '2027-02-01', quantity: 3, toStatus: 'available' }),
  ]);
  out.b = await ingest([
    ev({ id: 'm1', source: 'src1', sequence: 7, sku: 'S1', quantity: 5, fromStatus: 'AVL', toStatus: 'PCK', reason: 'pick' }),
    ev({ id: 'neg', source: 'src1', sequence: 8, sku: 'S1', quantity: 999, fromStatus: 'AVL', toStatus: 'PCK', reason: 'pick' }),
    ev({ id: 'r0a"b', source: 'src1', sequence: 1, sku: 'X"1\\{,}', unit: 'case', quantity: 2, toStatus: 'AVL', orderRef: 'oa"b' }),
    ev({ id: 'r1c\\d', source: 'src1', sequence: 2, sku: 'S2', quantity: 3, toStatus: 'AVL' }),
    ev({ id: 'reuse', source: 'src1', sequence: 7, sku: 'S2', quantity: 1, toStatus: 'AVL' }),
    ev({ id: 'ahead', source: 'src1', sequence: 12, sku: 'S2', quantity: 4, toStatus: 'AVL' }),
    ev({ id: 'ship', source: 'src1', sequence: 13, sku: 'S1', quantity: 5, fromStatus: 'PCK', reason: 'shipment' }),
    ev({ id: 'unknown', source: 'src1', sequence: 14, sku: 'NOPE', quantity: 1, toStatus: 'AVL' }),
    '{not json',
    ev({ id: 'lotout', source: 'src2', sequence: 3, sku: 'S3', lot: 'L"{1}\\', quantity: 10, fromStatus: 'available', reason: 'shipment' }),
  ]);
  out.c = await Promise.all([
    ingest([
      ev({ id: 'late', source: 'src1', sequence: 10, sku: 'S2', quantity: 1, toStatus: 'AVL' }),
      ev({ id: 'r1', source: 'src1', sequence: 15, sku: 'S1', quantity: 999, toStatus: 'AVL' }),
    ]),
    ingest([ev({ id: 'neg', source: 'src1', sequence: 8, sku: 'S1', quantity: 999, fromStatus: 'AVL', toStatus: 'PCK', reason: 'pick' })]),
    ingest([ev({ id: 'late2', source: 'src1', sequence: 9, sku: 'S2', quantity: 1, toStatus: 'AVL' }), ev({ id: 'late3', source: 'src1', sequence: 11, sku: 'S2', quantity: 1, toStatus: 'AVL' })]),
  ]);
  const db = hub.store.db;
  await db.updateTable('positions').set({ held: 5 }).where('sku_id', '=', 'S1').where('status', '=', 'available').execute();
  await db.updateTable('positions').set({ qty: 12345 }).where('sku_id', '=', 'S2').where('warehouse_id', '=', 'W1').execute();
  await db.deleteFrom('positions').where('sku_id', '=', 'S3').execute();
  await db.insertInto('positions').values({ warehouse_id: 'W2', sku_id: 'S9', lot: '', status: 'damaged', qty: 4, held: 2, expiry: null }).execute();
  await db.updateTable('positions').set({ expiry: '2030-01-01' }).where('sku_id', '=', 'S1').where('status', '=', 'picking').execute();
  const strip = (r: { differences: readonly { key: string }[]; seconds: number; events: number; positions: number }) => ({
    events: r.events, positions: r.positions, differences: [...r.differences].sort((x, y) => (x.key < y.key ? -1 : 1)),
  });
  out.dry = strip(await ledger.rebuildPositions(db, { dryRun: true }));
  out.rebuild = strip(await ledger.rebuildPositions(db));
  out.again = strip(await ledger.rebuildPositions(db));
  out.verify = await ledger.verifyLedger(db);
  out.events = await db.selectFrom('events').selectAll().orderBy('chain_seq').execute();
  out.positions = await db.selectFrom('positions').selectAll().orderBy('sku_id').orderBy('warehouse_id').orderBy('lot').orderBy('status').execute();
  out.head = await db.selectFrom('ledger_head').selectAll().execute();
  out.cursors = await db.selectFrom('source_cursors').selectAll().orderBy('source').execute();
  out.gaps = await db.selectFrom('sequence_gaps').selectAll().orderBy('id').execute();
  out.deadLetters = await db.selectFrom('dead_letters').selectAll().orderBy('id').execute();
  out.atp = await ledger.atpFor(db, ['S1', 'S2', 'S3']);
} finally {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
  if (kind === 'postgres' && process.env.DATABASE_URL) await dropSchema(process.env.DATABASE_URL, schema);
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openHub, type Hub } from '../../src/hub/index.ts';
import { saveMasterData } from '../../src/mdm/index.ts';
import type { Network } from './network.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** The stores to benchmark: SQLite always, PostgreSQL when DATABASE_URL is set (BENCH_STORES=sqlite,postgres narrows). */
export function storeKinds(): StoreKind[] {
  const all: StoreKind[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const only = process.env.BENCH_STORES?.split(',').map((s) => s.trim());
  return only ? all.filter((k) => only.includes(k)) : all;
}

export interface BenchHub {
  readonly hub: Hub;
  readonly kind: StoreKind;
  /** The SQLite file, or the PostgreSQL schema, holding the store (for raw baselines on the same data). */
  readonly where: string;
  /** Closes the hub and removes its data (temp folder or PostgreSQL schema). */
  dispose(): Promise<void>;
}

let counter = 0;

/**
 * A hub on a brand-new store: SQLite in a fresh temp folder (WAL, synchronous=FULL as openStore
 * sets it) or a fresh PostgreSQL schema, with the network's master data saved and loaded.
 */
export async function freshHub(kind: StoreKind, net: Network): Promise<BenchHub> {
  const url = process.env.DATABASE_URL;
  if (kind === 'postgres' && !url) throw new Error('DATABASE_URL is not set');
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-bench-'));
  const schema = `bench_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const hub = await openHub(
    { dataDir: dir, databaseUrl: kind === 'postgres' ? url : undefined, natsUrl: undefined, host: '127.0.0.1', port: 0 },
    kind === 'postgres' ? { pgSchema: schema } : { sqliteFile: 'bench.db' },
  );
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, net.md));
  await hub.masterData.refresh();
  return {
    hub,
    kind,
    where: kind === 'postgres' ? schema : join(dir, 'bench.db'),
    async dispose() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
      if (kind === 'postgres' && url) await dropSchema(url, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await c.end();
  }
}

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasterData } from '../src/domain/index.ts';
import { EdiFolderConnector, type EdiFolderOptions } from '../src/connectors/edi-x12/index.ts';
import { ledgerSink, storeCursors, storeRejections } from '../src/connectors/runtime/index.ts';
import { configFromEnv, type Hub, openHub } from '../src/hub/index.ts';
import { saveMasterData } from '../src/mdm/index.ts';
import { seedConnectorNetwork } from './support/connector-network.ts';

/**
 * Test rig of the X12 folder transport (not a test file): a hub on in-memory SQLite with the
 * connector network plus the 3PL partner EAST3PL (test/fixtures/x12/partner-master-data.json),
 * a temporary inbox/outbox, and connectors on an injected clock the tests move.
 */
export const partnerData = JSON.parse(readFileSync(new URL('./fixtures/x12/partner-master-data.json', import.meta.url), 'utf8')) as MasterData;
export const X12_FIXTURES = new URL('./fixtures/x12/', import.meta.url);

export interface X12Rig {
  readonly hub: Hub;
  readonly root: string;
  readonly inbox: string;
  readonly outbox: string;
  /** The connectors' clock in ms. */
  clock: number;
  /** A connector on this rig's folders and store (a second call is a restart). */
  connector(over?: Partial<EdiFolderOptions>): EdiFolderConnector;
  /** Copies a fixture into the inbox (as `as`); returns its name. */
  drop(fixture: string | URL, as?: string): string;
  /** Writes text into the inbox with a `.done` marker (ready at once). */
  write(name: string, text: string): void;
  /** Two scans `stableMs` apart: whatever is complete gets processed. */
  settle(c: EdiFolderConnector): Promise<void>;
  list(dir: 'inbox' | 'archive' | 'quarantine' | 'outbox'): string[];
  read(dir: 'archive' | 'quarantine' | 'outbox', name: string): string;
  close(): Promise<void>;
}

export const WAREHOUSE_FOR: NonNullable<EdiFolderOptions['decode']>['warehouseFor'] = (p) => (p.entity === 'WH' && p.id === 'EAST01' ? 'WH-EAST' : undefined);

export async function x12Rig(): Promise<X12Rig> {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  await seedConnectorNetwork(hub);
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, partnerData));
  await hub.masterData.refresh();
  const root = mkdtempSync(join(tmpdir(), 'stockmesh-x12-'));
  const started: EdiFolderConnector[] = [];
  const dirOf = (d: 'inbox' | 'archive' | 'quarantine' | 'outbox') =>
    d === 'inbox' ? join(root, 'in') : d === 'outbox' ? join(root, 'out') : join(root, 'in', d);
  const r: X12Rig = {
    hub,
    root,
    inbox: join(root, 'in'),
    outbox: join(root, 'out'),
    clock: Date.parse('2026-11-26T02:00:00Z'),
    connector(over = {}) {
      const now = () => new Date(r.clock);
      const c = new EdiFolderConnector({
        source: 'east3pl',
        inbox: r.inbox,
        outbox: r.outbox,
        hub: { qualifier: 'ZZ', id: 'STOCKMESH' },
        partner: { qualifier: 'ZZ', id: 'EAST3PL' },
        sink: ledgerSink(hub),
        rejections: storeRejections(hub.store.db),
        cursors: storeCursors(hub.store.db, now),
        now,
        stableMs: 1000,
        decode: { utcOffset: '+08:00', warehouseFor: WAREHOUSE_FOR },
        ...over,
      });
      started.push(c);
      return c;
    },
    drop(fixture, as) {
      const url = typeof fixture === 'string' ? new URL(fixture, X12_FIXTURES) : fixture;
      const name = as ?? url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      copyFileSync(url, join(r.inbox, name));
      return name;
    },
    write(name, text) {
      writeFileSync(join(r.inbox, name), text);
      writeFileSync(join(r.inbox, `${name}.done`), '');
    },
    async settle(c) {
      await c.drain();
      r.clock += 1000;
      await c.drain();
    },
    list: (d) => readdirSync(dirOf(d)).filter((n) => n !== 'archive' && n !== 'quarantine').sort(),
    read: (d, name) => readFileSync(join(dirOf(d), name), 'utf8'),
    async close() {
      for (const c of started) await c.stop();
      await hub.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  await r.connector().prepare();
  return r;
}

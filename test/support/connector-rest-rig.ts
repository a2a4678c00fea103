import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RestPullConnector, type RestPullOptions } from '../../src/connectors/rest-pull/index.ts';
import { ledgerSink, storeCursors, storeRejections } from '../../src/connectors/runtime/index.ts';
import { configFromEnv, type Hub, openHub } from '../../src/hub/index.ts';
import { FakeRestWms, movement } from './fake-rest-wms.ts';

/**
 * Everything a REST-pull test opens — hubs on SQLite files in temp folders, fake WMS servers,
 * running connectors — and closes again: `stopConnectors()` after each test, `close()` after all.
 */
export class RestRig {
  private readonly dirs: string[] = [];
  private readonly hubs: Hub[] = [];
  private readonly servers: FakeRestWms[] = [];
  private readonly running: RestPullConnector[] = [];

  /** A hub on a SQLite file; pass the folder of an earlier one to reopen it (a restart). */
  async hub(dir?: string): Promise<{ hub: Hub; dir: string }> {
    const d = dir ?? mkdtempSync(join(tmpdir(), 'stockmesh-rest-'));
    if (!dir) this.dirs.push(d);
    const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined, dataDir: d }, { sqliteFile: 'hub.db' });
    this.hubs.push(hub);
    return { hub, dir: d };
  }

  async wms(): Promise<FakeRestWms> {
    const wms = new FakeRestWms();
    await wms.start();
    this.servers.push(wms);
    return wms;
  }

  /** A connector of wms-sh with small pages and short, bounded waits. */
  connector(hub: Hub, wms: { readonly baseUrl: string }, over: Partial<RestPullOptions> = {}): RestPullConnector {
    const now = () => new Date();
    const c = new RestPullConnector({
      source: 'wms-sh',
      baseUrl: wms.baseUrl,
      sink: ledgerSink(hub),
      cursors: storeCursors(hub.store.db, now),
      rejections: storeRejections(hub.store.db),
      pageSize: 10,
      pollIntervalMs: 10,
      requestTimeoutMs: 2000,
      backoff: { initialMs: 5, maxMs: 80, factor: 2 },
      now,
      ...over,
    });
    this.running.push(c);
    return c;
  }

  async stopConnectors(): Promise<void> {
    for (const c of this.running.splice(0)) await c.stop();
  }

  async close(): Promise<void> {
    await this.stopConnectors();
    for (const s of this.servers) await s.stop();
    for (const h of this.hubs) await h.close().catch(() => undefined);
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** Pulls until the connector is caught up. */
export async function pullAll(c: RestPullConnector): Promise<void> {
  while ((await c.step()) === 'more');
}

/** Receipts of one each with sequences from..to. */
export const receipts = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => movement(from + i, { qty: 1 }));

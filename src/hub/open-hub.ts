import { Ingestor } from '../ledger/index.ts';
import { masterDataCache, type MasterDataSource } from '../mdm/index.ts';
import { openStore, type Store } from '../store/index.ts';
import type { HubConfig } from './config.ts';

/** The wired hub: one store, master data, the ledger's write path. Composition root, no logic. */
export interface Hub {
  readonly config: HubConfig;
  readonly store: Store;
  readonly masterData: MasterDataSource;
  readonly ingestor: Ingestor;
  close(): Promise<void>;
}

export async function openHub(config: HubConfig, opts: { now?: () => Date; sqliteFile?: string; pgSchema?: string } = {}): Promise<Hub> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteFile: opts.sqliteFile,
    pgSchema: opts.pgSchema,
  });
  const masterData = masterDataCache(store.db);
  const ingestor = new Ingestor({ store, masterData, ...(opts.now ? { now: opts.now } : {}) });
  return { config, store, masterData, ingestor, close: () => store.close() };
}

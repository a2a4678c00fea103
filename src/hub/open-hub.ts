import { type Bus, openBus } from '../bus/index.ts';
import { Ingestor } from '../ledger/index.ts';
import { masterDataCache, type MasterDataSource } from '../mdm/index.ts';
import { openStore, type Store } from '../store/index.ts';
import type { HubConfig } from './config.ts';

/** The wired hub: one store, master data, the ledger's write path, the bus. Composition root, no logic. */
export interface Hub {
  readonly config: HubConfig;
  readonly store: Store;
  readonly masterData: MasterDataSource;
  readonly ingestor: Ingestor;
  /** NATS JetStream when NATS_URL is set, else the embedded bus in the store. */
  readonly bus: Bus;
  /** Closes the bus (its consumers finish their batch in hand), then the store. */
  close(): Promise<void>;
}

export interface OpenHubOptions {
  readonly now?: () => Date;
  readonly sqliteFile?: string;
  readonly pgSchema?: string;
  /** Subject prefix / stream of the bus (tests keep runs apart with these). */
  readonly busSubjectPrefix?: string;
  readonly busStream?: string;
  readonly onBusError?: (err: unknown) => void;
}

export async function openHub(config: HubConfig, opts: OpenHubOptions = {}): Promise<Hub> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteFile: opts.sqliteFile,
    pgSchema: opts.pgSchema,
  });
  let bus: Bus;
  try {
    bus = await openBus(
      { natsUrl: config.natsUrl, subjectPrefix: opts.busSubjectPrefix, natsStream: opts.busStream, onError: opts.onBusError },
      store,
    );
  } catch (err) {
    await store.close();
    throw err;
  }
  const masterData = masterDataCache(store.db);
  const ingestor = new Ingestor({ store, masterData, ...(opts.now ? { now: opts.now } : {}) });
  return {
    config,
    store,
    masterData,
    ingestor,
    bus,
    async close() {
      try {
        await bus.close();
      } finally {
        await store.close();
      }
    },
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { MasterDataIndex } from './master-data-index.ts';
import { loadMasterData } from './master-data-repository.ts';

/** The current master data for the hot paths, loaded once and refreshed on demand. */
export interface MasterDataSource {
  current(): Promise<MasterDataIndex>;
  /**
   * Reloads from the store (another process may have imported). `maxAgeMs` skips the reload when
   * the cached copy is younger, so a burst of unknown codes costs one reload, not one per event.
   */
  refresh(maxAgeMs?: number): Promise<MasterDataIndex>;
}

export function masterDataCache(db: Kysely<Database>, now: () => number = Date.now): MasterDataSource {
  let cached: { index: MasterDataIndex; at: number } | undefined;
  let loading: Promise<MasterDataIndex> | undefined;
  const load = (): Promise<MasterDataIndex> => {
    loading ??= loadMasterData(db)
      .then((md) => {
        const index = new MasterDataIndex(md);
        cached = { index, at: now() };
        return index;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  return {
    current: () => (cached ? Promise.resolve(cached.index) : load()),
    refresh: (maxAgeMs = 0) => (cached && now() - cached.at < maxAgeMs ? Promise.resolve(cached.index) : load()),
  };
}

export { MasterDataIndex } from './master-data-index.ts';
export { loadMasterData, saveMasterData } from './master-data-repository.ts';
export { masterDataCache, type MasterDataSource } from './master-data-cache.ts';

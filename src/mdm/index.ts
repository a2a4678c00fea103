export { MasterDataIndex } from './master-data-index.ts';
export { loadMasterData, saveMasterData } from './master-data-repository.ts';

export { MasterDataIndex } from './master-data-index.ts';
export { loadMasterData, saveMasterData } from './master-data-repository.ts';
export { masterDataCache, type MasterDataSource } from './master-data-cache.ts';
export { importMasterData, importParsedMasterData, type ImportChange, type ImportOptions, type ImportReport } from './import-master-data.ts';
export { exportMasterData, exportMasterDataCsv, type ExportFormat } from './export-master-data.ts';
export { toMasterDataDocument, type MasterDataDocument } from './master-data-document.ts';
export { masterDataToCsv, type CsvFile } from './master-data-to-csv.ts';
export { validateImport, type ImportValidation } from './validate-import.ts';
export { type ImportCounts, type KindCounts } from './merge-master-data.ts';
export {
  findConflicts,
  type Conflict,
  type ConflictKind,
  type DuplicateGtinConflict,
  type HomonymConflict,
  type UndeclaredSynonymConflict,
} from './find-conflicts.ts';
export { readImportFiles, parseImportText, IMPORT_EXTENSIONS } from './parse-files.ts';
export { RECORD_KINDS, type RecordKind, type LocatedRecord, type RecordOrigin, type ParsedFiles } from './import-record.ts';
export { RECORD_SCHEMAS, FIELD_TYPES, type FieldType } from './record-schemas.ts';
export { CSV_FILE_NAMES } from './parse-csv.ts';

export { FileDropConnector, type FileOutcome } from './file-drop-connector.ts';
export type { Charset, CsvFormat, DropField, FileDropOptions, FileLayout, FixedFormat, MovementType } from './file-drop-config.ts';
export { decodeDropFile, layoutFor, type DecodedFile, type DropFile } from './decode-drop-file.ts';
export { detectCharset, type CharsetChoice, type ConcreteCharset } from './detect-charset.ts';
export { readyFiles, isIgnoredName, MARKER_SUFFIX, type FileStat, type Sighting } from './file-readiness.ts';
export { quarantineReport } from './quarantine-report.ts';
export { DropFolder } from './drop-folder.ts';
export { parseDate, parseDateTime, parseQuantity, parseTime } from './parse-values.ts';

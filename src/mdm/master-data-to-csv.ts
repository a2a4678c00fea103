import type { MasterData } from '../domain/index.ts';
import { RECORD_KINDS } from './import-record.ts';
import { CSV_FILE_NAMES } from './parse-csv.ts';
import { fieldsOf } from './record-schemas.ts';

/** One CSV file of an export: its name (e.g. `skus.csv`) and its text. */
export interface CsvFile {
  readonly name: string;
  readonly text: string;
}

/**
 * Master data as one CSV file per kind, with every column in schema order, booleans as
 * true/false, lists as `a|b`, an absent optional field as an empty cell. Every kind gets a file,
 * even an empty one (header only), so that the folder re-imports as it is.
 */
export function masterDataToCsv(md: MasterData): CsvFile[] {
  return RECORD_KINDS.map((kind) => {
    const columns = fieldsOf(kind);
    const rows = md[kind].map((r) => columns.map((c) => cell((r as unknown as Record<string, unknown>)[c])));
    const text = [columns, ...rows].map((row) => row.map(quote).join(',')).join('\n') + '\n';
    return { name: CSV_FILE_NAMES[kind], text };
  });
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(String).join('|');
  return String(v);
}

const quote = (s: string): string => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

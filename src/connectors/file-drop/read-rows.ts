import { parse } from 'csv-parse/sync';
import type { Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import { decodeBytes, splitByteLines } from './decode-bytes.ts';
import type { ConcreteCharset } from './detect-charset.ts';
import type { CsvFormat, DropField, FixedFormat } from './file-drop-config.ts';

/** One data line of an export: its line number in the file and its values by field. */
export interface DropRow {
  readonly line: number;
  readonly values: Readonly<Partial<Record<DropField, string>>>;
}

export interface ReadRows {
  readonly rows: readonly DropRow[];
  readonly problems: readonly Problem[];
}

const fields = <T>(columns: Readonly<Partial<Record<DropField, T>>>) => Object.entries(columns) as [DropField, T][];

/**
 * Pure: a delimited export (already decoded to text) → rows. The header row names the columns;
 * every configured column must be there (a missing one is reported once, on the header line).
 */
export function readCsvRows(name: string, text: string, format: CsvFormat, ignore: RegExp | undefined): ReadRows {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), {
      delimiter: format.delimiter ?? ',',
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    return { rows: [], problems: [problem('MALFORMED_MESSAGE', `not valid CSV: ${(err as Error).message}`, `${name}:${typeof line === 'number' ? line : 1}`)] };
  }
  const [head, ...body] = records.filter((r) => !(ignore && ignore.test(r.record.join(format.delimiter ?? ','))));
  if (!head) return { rows: [], problems: [problem('MALFORMED_MESSAGE', 'the file has no header row', `${name}:1`)] };
  const names = head.record.map((c) => c.trim());
  const index = new Map<DropField, number>();
  const problems: Problem[] = [];
  for (const [field, column] of fields(format.columns)) {
    const i = names.indexOf(column);
    if (i < 0) problems.push(problem('MALFORMED_MESSAGE', `column "${column}" (${field}) is missing from the header`, `${name}:${head.info.lines}`));
    else index.set(field, i);
  }
  if (problems.length > 0) return { rows: [], problems };
  const rows: DropRow[] = [];
  for (const r of body) {
    if (r.record.every((c) => c.trim() === '')) continue;
    if (r.record.length !== names.length) {
      problems.push(problem('MALFORMED_MESSAGE', `line has ${r.record.length} cells, the header has ${names.length}`, `${name}:${r.info.lines}`));
      continue;
    }
    const values: Partial<Record<DropField, string>> = {};
    for (const [field, i] of index) values[field] = (r.record[i] ?? '').trim();
    rows.push({ line: r.info.lines, values });
  }
  return { rows, problems };
}

/**
 * Pure: a fixed-width export → rows. Positions count bytes of the file's encoding (`units:
 * 'bytes'`, as GBK ERP specifications state them: a Chinese character is two bytes) or
 * characters. A field that cuts a character in half, or a line too short for a field that has
 * content after it, is a problem on that line.
 */
export function readFixedRows(name: string, bytes: Uint8Array, charset: ConcreteCharset, format: FixedFormat, ignore: RegExp | undefined): ReadRows {
  const rows: DropRow[] = [];
  const problems: Problem[] = [];
  const skip = format.headerLines ?? 0;
  splitByteLines(bytes).forEach((raw, i) => {
    const line = i + 1;
    if (line <= skip) return;
    const text = decodeBytes(raw, charset);
    if (text === undefined) return void problems.push(problem('UNREADABLE_FILE', `line is not valid ${charset}`, `${name}:${line}`));
    if (text.trim() === '' || (ignore && ignore.test(text))) return;
    const values: Partial<Record<DropField, string>> = {};
    for (const [field, pos] of fields(format.columns)) {
      const from = pos.start - 1;
      const cell = format.units === 'chars' ? text.slice(from, from + pos.length) : decodeBytes(raw.subarray(from, from + pos.length), charset);
      if (cell === undefined) {
        problems.push(problem('UNREADABLE_FILE', `${field} (bytes ${pos.start}–${pos.start + pos.length - 1}) cuts a character in half`, `${name}:${line}`));
        continue;
      }
      values[field] = cell.trim();
    }
    rows.push({ line, values });
  });
  return { rows, problems };
}

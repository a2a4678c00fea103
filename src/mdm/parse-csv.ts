import { parse } from 'csv-parse/sync';
import { problem, type Problem } from '../domain/index.ts';
import type { LocatedRecord, RecordKind } from './import-record.ts';
import type { ParsedText } from './parse-document.ts';
import { coerceTextFields } from './coerce-text-fields.ts';
import { fieldsOf, requiredFieldsOf } from './record-schemas.ts';

/** The CSV file name of each kind; a file is of that kind when its name ends with it. */
export const CSV_FILE_NAMES: { readonly [K in RecordKind]: string } = {
  warehouses: 'warehouses.csv',
  skus: 'skus.csv',
  units: 'units.csv',
  aliases: 'aliases.csv',
  statusMaps: 'status-maps.csv',
  sources: 'sources.csv',
};

/** The kind a CSV file holds, from its name (`skus.csv`, `demo-skus.csv`), or undefined. */
export function kindOfCsvFile(name: string): RecordKind | undefined {
  const lower = name.toLowerCase();
  const hit = Object.entries(CSV_FILE_NAMES).find(([, suffix]) => lower.endsWith(suffix));
  return hit?.[0] as RecordKind | undefined;
}

interface CsvRow {
  readonly record: string[];
  readonly raw: string;
}

/**
 * Reads one CSV file of one record kind: a header row naming the fields (the same names as in
 * JSON), then one record per row. Empty lines are skipped; a UTF-8 BOM is dropped. A wrong header
 * (unknown, repeated or missing required column) is reported once, on line 1, and the rows are not
 * read further; a row with the wrong number of cells is reported on its own line.
 */
export function parseCsvText(file: string, text: string, kind: RecordKind): ParsedText {
  let rows: CsvRow[];
  try {
    // One line ending for the whole file: csv-parse guesses the record delimiter from the first
    // line, and a file mixing CRLF and LF would otherwise shift every line number after the mix.
    rows = parse(text.replace(/\r\n?/g, '\n'), { bom: true, raw: true, skip_empty_lines: true, relax_column_count: true }) as unknown as CsvRow[];
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    const where = typeof line === 'number' ? `${file}:${line}` : file;
    return { records: [], problems: [problem('UNREADABLE_FILE', `not valid CSV: ${(err as Error).message}`, where)] };
  }
  const lines = startLines(rows);
  const [head, ...body] = rows;
  if (head === undefined) return { records: [], problems: [] };
  const headerWhere = `${file}:${lines[0]}`;
  const columns = head.record.map((c) => c.trim());
  const problems = checkHeader(kind, columns, headerWhere);
  if (problems.length > 0) return { records: [], problems };
  const records: LocatedRecord[] = [];
  body.forEach((row, index) => {
    const line = lines[index + 1] as number;
    if (row.record.length !== columns.length) {
      const msg = `row has ${row.record.length} cells, the header has ${columns.length} columns`;
      problems.push(problem('MALFORMED_RECORD', msg, `${file}:${line}`));
      return;
    }
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => {
      cells[c] = row.record[i] as string;
    });
    records.push({ kind, value: coerceTextFields(kind, cells), origin: { file, kind, index, line } });
  });
  return { records, problems };
}

function checkHeader(kind: RecordKind, columns: readonly string[], where: string): Problem[] {
  const known = fieldsOf(kind);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    if (!known.includes(c)) problems.push(problem('MALFORMED_RECORD', `unknown column "${c}" for ${kind} (columns: ${known.join(', ')})`, where));
    else if (seen.has(c)) problems.push(problem('MALFORMED_RECORD', `column "${c}" appears twice`, where));
    seen.add(c);
  }
  for (const f of requiredFieldsOf(kind)) {
    if (!seen.has(f)) problems.push(problem('MALFORMED_RECORD', `required column "${f}" is missing`, where));
  }
  return problems;
}

/**
 * The line each row starts on. The raw text of the rows, in order, is the whole file (blank lines
 * ride at the front of the next row), so counting its newlines gives every row's first line, also
 * when a quoted cell spans lines.
 */
function startLines(rows: readonly CsvRow[]): number[] {
  let seen = 0;
  return rows.map((row) => {
    const blank = /^\n*/.exec(row.raw)?.[0].length ?? 0;
    const start = seen + blank + 1;
    seen += row.raw.split('\n').length - 1;
    return start;
  });
}

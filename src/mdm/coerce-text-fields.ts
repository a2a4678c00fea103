import type { RecordKind } from './import-record.ts';
import { fieldType } from './record-schemas.ts';

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Turns the text cells of one CSV row into the values the schema expects: numbers as text become
 * numbers, `true/false/1/0/yes/no` become booleans, `a|b` becomes a list, an empty cell is an
 * absent field (so the default applies). Text that does not convert is left as it is, so the
 * schema reports it with the value the file holds. Unknown fields are kept for the schema to name.
 */
export function coerceTextFields(kind: RecordKind, row: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(row)) {
    const cell = raw.trim();
    if (cell === '') continue;
    out[field] = coerceCell(fieldType(kind, field), cell);
  }
  return out;
}

function coerceCell(type: string | undefined, cell: string): unknown {
  switch (type) {
    case 'number':
      return NUMBER.test(cell) ? Number(cell) : cell;
    case 'boolean': {
      const lower = cell.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return cell;
    }
    case 'list':
      return cell
        .split('|')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    default:
      return cell;
  }
}

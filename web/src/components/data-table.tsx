import type { ReactNode } from 'react';

/** One column of a `DataTable`. */
export interface Column<T> {
  /** What the header cell shows. */
  readonly head: ReactNode;
  /** What the column's cell shows for one row. */
  readonly cell: (row: T) => ReactNode;
  /** A figure column: header and cells right-aligned (`num`). */
  readonly num?: boolean;
  /** More classes of the body cells (e.g. `mono`, `muted`). */
  readonly className?: string;
}

const classes = (...xs: (string | false | undefined)[]): string | undefined => xs.filter(Boolean).join(' ') || undefined;

/** A `table.data`: a header row from the columns, then one row per item (clickable when `onRowClick` is given). */
export function DataTable<T>({
  rows, columns, rowKey, onRowClick, testId, rowTestId,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T, index: number) => string | number;
  onRowClick?: (row: T) => void;
  testId?: string;
  /** `data-testid` of each row. */
  rowTestId?: (row: T) => string;
}) {
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={classes(c.num && 'num')}>
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, n) => (
          <tr key={rowKey(r, n)} className={classes(onRowClick && 'click')} onClick={onRowClick ? () => onRowClick(r) : undefined} data-testid={rowTestId?.(r)}>
            {columns.map((c, i) => (
              <td key={i} className={classes(c.num && 'num', c.className)}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

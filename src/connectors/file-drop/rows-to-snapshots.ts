import type { Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import type { SnapshotDoc } from '../connector.ts';
import { omitEmpty } from '../runtime/index.ts';
import type { DropRow } from './read-rows.ts';
import { type RowContext, type RowResult, rowExpiry, rowWarehouse } from './row-to-event.ts';
import { parseQuantity } from './parse-values.ts';

type Line = SnapshotDoc['lines'][number];

/**
 * Pure: the lines of a full stock listing → one snapshot per warehouse named in it (or the
 * layout's default warehouse, even when the file lists nothing: an empty listing says "zero").
 * Ids are `<source>:<file name>:<warehouse>`. All or nothing: one bad line refuses the file.
 */
export function rowsToSnapshots(rows: readonly DropRow[], ctx: RowContext): RowResult<SnapshotDoc[]> {
  const problems: Problem[] = [];
  const byWarehouse = new Map<string, Line[]>();
  const fallback = ctx.layout.defaults?.warehouse;
  if (fallback && rows.length === 0) {
    const w = rowWarehouse({ line: 0, values: {} }, ctx, ctx.fileName);
    if (typeof w === 'string') byWarehouse.set(w, []);
    else problems.push(w);
  }
  for (const row of rows) {
    const where = `${ctx.fileName}:${row.line}`;
    const v = row.values;
    const warehouse = rowWarehouse(row, ctx, where);
    if (typeof warehouse !== 'string') problems.push(warehouse);
    if (!v.sku) problems.push(problem('MALFORMED_MESSAGE', 'sku: empty', where));
    const q = parseQuantity(v.quantity ?? '');
    if (!q || q.negative) problems.push(problem('MALFORMED_MESSAGE', `quantity: "${v.quantity ?? ''}" is not a number of zero or more`, where));
    const status = v.status || ctx.layout.defaults?.status;
    if (!status) problems.push(problem('MALFORMED_MESSAGE', 'status: empty and the layout has no default', where));
    const expiry = rowExpiry(row, where);
    if (typeof expiry === 'object') problems.push(expiry);
    if (typeof warehouse !== 'string' || !v.sku || !q || q.negative || !status || typeof expiry === 'object') continue;
    const lines = byWarehouse.get(warehouse) ?? [];
    lines.push({ sku: v.sku, status, quantity: q.magnitude, ...omitEmpty({ unit: v.unit || ctx.layout.defaults?.unit, lot: v.lot, expiry }) });
    byWarehouse.set(warehouse, lines);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: [...byWarehouse].map(([warehouse, lines]) => ({
      id: `${ctx.source}:${ctx.fileName}:${warehouse}`,
      source: ctx.source,
      warehouse,
      takenAt: ctx.fileTime,
      lines,
    })),
  };
}

import type { Problem } from '../../domain/index.ts';
import { problem } from '../../domain/index.ts';
import type { Decoded, SnapshotDoc } from '../connector.ts';
import { issueProblems, omitEmpty, toWarehouse } from '../runtime/index.ts';
import type { RestDecodeContext } from './decode-movements.ts';
import { stockListingSchema } from './wms-api.ts';

export interface DecodedStock {
  readonly decoded: Decoded;
  /** The movement cursor the listing reflects; undefined when the listing was refused. */
  readonly asOfCursor: string | null | undefined;
}

/**
 * Pure: one `GET /api/stock` answer → one snapshot per warehouse, id
 * `<source>:<snapshot_id>:<warehouse>`. A listing is all or nothing: one bad line refuses it
 * whole, since a partial listing would read as zero stock for what is missing.
 */
export function decodeStockListing(body: unknown, ctx: RestDecodeContext): DecodedStock {
  const parsed = stockListingSchema.safeParse(body);
  if (!parsed.success) {
    return { decoded: { events: [], snapshots: [], problems: issueProblems(parsed.error.issues, 'MALFORMED_MESSAGE', '') }, asOfCursor: undefined };
  }
  const s = parsed.data;
  const problems: Problem[] = [];
  const snapshots: SnapshotDoc[] = [];
  s.warehouses.forEach((w, i) => {
    const warehouse = toWarehouse(w.wh_code, ctx.warehouseCodes);
    if (warehouse === undefined) {
      problems.push(problem('UNKNOWN_WAREHOUSE', `wh_code "${w.wh_code}" has no warehouse in the connector's configuration`, `warehouses[${i}].wh_code`));
      return;
    }
    snapshots.push({
      id: `${ctx.source}:${s.snapshot_id}:${warehouse}`,
      source: ctx.source,
      warehouse,
      takenAt: s.taken_at,
      lines: w.items.map((l) => ({
        sku: l.item_no,
        status: l.status,
        quantity: l.qty,
        ...omitEmpty({ unit: l.uom, lot: l.lot_no, expiry: l.exp_date }),
      })),
    });
  });
  if (problems.length > 0) return { decoded: { events: [], snapshots: [], problems }, asOfCursor: undefined };
  return { decoded: { events: [], snapshots, problems: [] }, asOfCursor: s.as_of_cursor };
}

import type { Hub } from '../../src/hub/index.ts';
import type { EventStream } from './events.ts';
import { expectAllApplied, generated, ingestChunks, type IngestRun } from './ingest-run.ts';
import type { Network } from './network.ts';
import { clearProgress } from './progress.ts';

/**
 * Stocks every warehouse × SKU cell of the first `skus` SKUs through the ingestor (one receipt per
 * cell, so each cell gets an `available` position), then `mixed` more events of the ordinary mix
 * (moves to picking, shipments), all from `stream` (which keeps the books, so later events from it
 * stay valid). Returns the ingest run of the whole load.
 */
export async function stockEveryCell(
  hub: Hub,
  net: Network,
  stream: EventStream,
  skus: number,
  mixed: number,
  label: string,
): Promise<IngestRun> {
  const cells = skus * net.warehouseIds.length;
  const total = cells + mixed;
  const run = await ingestChunks(
    hub,
    generated(total, (n, offset) => (offset < cells ? stream.receiptsForCells(offset, Math.min(offset + n, cells)) : stream.next(n))),
    total,
    label,
  );
  clearProgress();
  expectAllApplied(run, label);
  return run;
}

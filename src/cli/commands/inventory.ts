import type { Command } from 'commander';
import { atpFor, listPositions } from '../../ledger/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

export function registerInventory(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  program
    .command('inventory')
    .description('the global inventory view: positions per warehouse × SKU × lot × status, or ATP')
    .option('--sku <id>', 'only this canonical SKU')
    .option('--warehouse <id>', 'only this warehouse')
    .option('--atp', 'available-to-promise per SKU × warehouse (available minus hub holds)')
    .option('--json', 'print JSON')
    .action(async (o: { sku?: string; warehouse?: string; atp?: boolean; json?: boolean }) => {
      await withHub(async (hub) => {
        if (o.atp) {
          const skus = o.sku
            ? [o.sku]
            : (await hub.store.db.selectFrom('positions').select('sku_id').distinct().orderBy('sku_id').execute()).map((r) => r.sku_id);
          const rows = await atpFor(hub.store.db, skus, o.warehouse ? [o.warehouse] : undefined);
          if (o.json) return output.out(JSON.stringify(rows, null, 2));
          if (rows.length === 0) return output.out('no available stock matches');
          output.out(formatTable(['sku', 'warehouse', 'available', 'held', 'atp'], rows.map((r) => [r.sku, r.warehouse, r.available, r.held, r.atp])));
          return;
        }
        const rows = await listPositions(hub.store.db, { sku: o.sku, warehouse: o.warehouse });
        if (o.json) return output.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) {
          return output.out('no stock matches' + (o.sku || o.warehouse ? ' these filters' : ': ingest events with `stockmesh events ingest <file>`'));
        }
        output.out(
          formatTable(
            ['warehouse', 'sku', 'lot', 'expiry', 'status', 'qty', 'held'],
            rows.map((p) => [p.warehouse, p.sku, p.lot || '-', p.expiry ?? '-', p.status, p.qty, p.held]),
          ),
        );
        const total = rows.reduce((s, p) => s + p.qty, 0);
        output.out(`${rows.length} positions, ${total.toLocaleString('en')} units`);
      });
    });
}

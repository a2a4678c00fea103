import type { Hub } from '../../hub/index.ts';
import { ledgerHead } from '../../ledger/index.ts';
import type { NoticeSink } from './live-feed.ts';
import { distinctKeys } from './live-notice.ts';

const MAX_EVENTS_PER_CHECK = 5000;

/**
 * Notice source: the ledger head. New events past the cursor become position notices (their
 * SKU × warehouse) and order notices (events with an order ref). Catches every writer, any process.
 */
export class LedgerWatcher {
  private cursor: number | null = null;
  private checking: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Hub['store']['db'],
    private readonly sink: NoticeSink,
    private readonly log: (err: unknown) => void,
  ) {}

  /** Forgets the cursor: the next check only takes the head as its starting point. */
  reset(): void {
    this.cursor = null;
  }

  /** Looks for ledger entries past the cursor; one check at a time, one more if asked meanwhile. */
  check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.again = false;
          await this.read();
        } while (this.again && this.sink.size > 0);
      } catch (err) {
        this.log(err);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  private async read(): Promise<void> {
    const db = this.db;
    const head = (await ledgerHead(db)).chainSeq;
    if (this.cursor === null || head < this.cursor) {
      this.cursor = head;
      return;
    }
    if (head === this.cursor) return;
    const rows = await db
      .selectFrom('events')
      .select(['chain_seq', 'warehouse_id', 'sku_id', 'order_ref'])
      .where('chain_seq', '>', this.cursor)
      .where('chain_seq', '<=', head)
      .orderBy('chain_seq')
      .limit(MAX_EVENTS_PER_CHECK)
      .execute();
    const truncated = rows.length === MAX_EVENTS_PER_CHECK && (rows.at(-1)?.chain_seq ?? head) < head;
    this.cursor = truncated ? head : (rows.at(-1)?.chain_seq ?? head);
    if (this.sink.size === 0) return;
    this.sink.publishKeys(distinctKeys(rows.map((r) => ({ sku: r.sku_id, warehouse: r.warehouse_id }))), truncated);
    const orders = new Map<string, Set<string>>();
    for (const r of rows) if (r.order_ref) (orders.get(r.order_ref) ?? orders.set(r.order_ref, new Set()).get(r.order_ref)!).add(r.warehouse_id);
    const at = new Date().toISOString();
    for (const [id, ws] of orders) this.sink.publish({ kind: 'order', at, id, warehouses: [...ws] });
  }
}

import type { Store } from '../store/index.ts';
import type { BusMessage } from './bus.ts';
import { appendToLog } from './store-log.ts';
import { WalSync } from './wal-sync.ts';

interface Pending {
  readonly items: readonly { readonly subject: string; readonly message: BusMessage }[];
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for `publish` on the embedded bus: concurrent callers are gathered into one store
 * transaction (one durable commit), in arrival order, and each is answered after that commit. On
 * SQLite the commit's fsync runs off the event loop ({@link WalSync}); callers arriving meanwhile
 * form the next group.
 */
export class GroupPublisher {
  private readonly queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private readonly walSync: WalSync | null;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly committed: () => void,
    private readonly maxRows = 10_000,
  ) {
    this.walSync = store.dialect === 'sqlite' ? new WalSync(store.db) : null;
  }

  publish(items: readonly { readonly subject: string; readonly message: BusMessage }[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything queued so far is committed or failed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Waits for what is queued, then lets go of the WAL file. */
  async close(): Promise<void> {
    await this.idle();
    await this.walSync?.close();
  }

  private async drain(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.queue.length > 0) {
        const group: Pending[] = [];
        let n = 0;
        while (this.queue.length > 0 && (group.length === 0 || n + (this.queue[0]?.items.length ?? 0) <= this.maxRows)) {
          const p = this.queue.shift() as Pending;
          group.push(p);
          n += p.items.length;
        }
        try {
          const at = this.now().toISOString();
          const items = group.flatMap((p) => p.items);
          if (this.walSync) {
            await this.walSync.commit((tx) => appendToLog(tx, this.store.dialect, items, at), this.committed);
          } else {
            await this.store.db.transaction().execute((tx) => appendToLog(tx, this.store.dialect, items, at));
            this.committed();
          }
          for (const p of group) p.resolve();
        } catch (err) {
          for (const p of group) p.reject(err);
        }
      }
    } finally {
      this.running = null;
    }
  }
}

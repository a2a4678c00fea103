import type { Store } from '../store/index.ts';
import type { BusMessage } from './bus.ts';
import { appendToLog } from './store-log.ts';

interface Pending {
  readonly items: readonly { readonly subject: string; readonly message: BusMessage }[];
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for `publish` on the embedded bus: concurrent callers are gathered into one store
 * transaction (one durable commit), in arrival order, and each is answered after that commit. The
 * commit is the store's `commitDurably` (on SQLite its fsync runs off the event loop; this
 * process's consumers are woken as soon as it is visible); callers arriving meanwhile form the
 * next group.
 */
export class GroupPublisher {
  private readonly queue: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly committed: () => void,
    private readonly maxRows = 10_000,
  ) {}

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

  /** Waits for what is queued (the store owns the WAL file handle and lets go of it on close). */
  async close(): Promise<void> {
    await this.idle();
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
          await this.store.commitDurably((tx) => appendToLog(tx, this.store.dialect, items, at), this.committed);
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

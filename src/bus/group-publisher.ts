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
 * transaction (one durable commit), in arrival order, and each is answered after that commit.
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
          await this.store.db.transaction().execute((tx) => appendToLog(tx, this.store.dialect, group.flatMap((p) => p.items), at));
          for (const p of group) p.resolve();
          this.committed();
        } catch (err) {
          for (const p of group) p.reject(err);
        }
      }
    } finally {
      this.running = null;
    }
  }
}

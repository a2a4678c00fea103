import type { MasterDataSource } from '../mdm/index.ts';
import type { Store } from '../store/index.ts';
import { loadBatchState } from './batch-state.ts';
import { decideBatch, type EventResult, type Outcome, type Prepared } from './decide-batch.ts';
import { loadHoldState } from './holds-state.ts';
import { writeHoldConsumptions } from './holds-write.ts';
import { prepareEvent } from './prepare-event.ts';
import { writeBatch } from './write-batch.ts';

/** One inbound item: the raw event (parsed JSON or text) and where it came from, for error reports. */
export interface IngestInput {
  readonly raw: unknown;
  readonly location?: string | undefined;
}

export interface IngestorOptions {
  readonly store: Store;
  readonly masterData: MasterDataSource;
  /** Clock for received times (injected so tests and replays are deterministic). */
  readonly now?: () => Date;
  /** Most events per transaction while callers trickle in (default 5,000). */
  readonly maxBatch?: number;
  /**
   * Most events per transaction when more than `maxBatch` are already waiting (default 4 ×
   * maxBatch): a deep queue is drained in fewer, larger commits, so each event pays a smaller share
   * of the commit (fsync, WAL pages, the batch's lookups).
   */
  readonly maxDeepBatch?: number;
}

/**
 * What one input of a committed batch did: its source when master data knows it (null for an
 * unreadable event or an unknown source: labels must not come from unchecked input) and its
 * outcome. A rejected input is kept as a dead letter in the same commit.
 */
export interface IngestedItem {
  readonly source: string | null;
  readonly outcome: Outcome;
}

/** Told after each commit what its inputs did (metrics, live views); never told before the commit. */
export type IngestListener = (items: readonly IngestedItem[]) => void;

interface Pending {
  readonly inputs: readonly IngestInput[];
  resolve(r: EventResult[]): void;
  reject(e: unknown): void;
}

const MAPPING_MISSES = new Set(['UNKNOWN_SOURCE', 'UNKNOWN_WAREHOUSE', 'UNKNOWN_SKU', 'UNKNOWN_UNIT', 'UNKNOWN_STATUS', 'SOURCE_NOT_ALLOWED']);

/**
 * The ledger's write path with group commit: concurrent callers are gathered into one transaction
 * (one fsync, off the event loop on SQLite: `store.commitDurably`) and each caller is answered only
 * after the batch that holds its events is durable.
 * Results come back per input, in order: applied, duplicate, or rejected with its problems (and
 * kept as a dead letter). A batch never fails whole for one bad event.
 */
export class Ingestor {
  private readonly opts: IngestorOptions;
  private readonly queue: Pending[] = [];
  private running = false;
  private readonly maxBatch: number;
  private readonly maxDeepBatch: number;
  private readonly listeners = new Set<IngestListener>();

  constructor(opts: IngestorOptions) {
    this.opts = opts;
    this.maxBatch = opts.maxBatch ?? 5000;
    this.maxDeepBatch = Math.max(this.maxBatch, opts.maxDeepBatch ?? 4 * this.maxBatch);
  }

  /** Adds a listener told after every commit what each input did; returns its removal. */
  onCommitted(listener: IngestListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  ingest(inputs: readonly IngestInput[]): Promise<EventResult[]> {
    if (inputs.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ inputs, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group: Pending[] = [];
        let n = 0;
        let waiting = 0;
        for (const p of this.queue) waiting += p.inputs.length;
        const limit = waiting > this.maxBatch ? this.maxDeepBatch : this.maxBatch;
        while (this.queue.length > 0 && (group.length === 0 || n + (this.queue[0]?.inputs.length ?? 0) <= limit)) {
          const p = this.queue.shift() as Pending;
          group.push(p);
          n += p.inputs.length;
        }
        try {
          const results = await this.commit(group.flatMap((p) => p.inputs));
          let at = 0;
          for (const p of group) {
            p.resolve(results.slice(at, at + p.inputs.length));
            at += p.inputs.length;
          }
        } catch (err) {
          for (const p of group) p.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(inputs: readonly IngestInput[]): Promise<EventResult[]> {
    let md = await this.opts.masterData.current();
    let prepared: Prepared[] = inputs.map((i) => prepareEvent(i.raw, md, i.location));
    if (prepared.some((p) => !p.ok && p.problems.some((x) => MAPPING_MISSES.has(x.code)))) {
      // Master data may have changed under us (an import in another process): look once more.
      md = await this.opts.masterData.refresh(1000);
      prepared = inputs.map((i) => prepareEvent(i.raw, md, i.location));
    }
    const { store } = this.opts;
    const receivedAt = (this.opts.now?.() ?? new Date()).toISOString();
    // Durable before anyone is answered or told (listeners, the bus consumer's ack that follows the
    // answer); on an SQLite file the fsync runs off the event loop (src/store/durable-commit.ts).
    const results = await store.commitDurably(async (tx) => {
      const state = await loadBatchState(tx, store.dialect, prepared);
      const holds = await loadHoldState(tx, prepared);
      const decision = decideBatch(state, prepared, receivedAt, holds);
      await writeBatch(tx, decision, receivedAt);
      await writeHoldConsumptions(tx, decision.holdConsumptions, receivedAt);
      return decision.results;
    });
    if (this.listeners.size > 0) {
      const items = prepared.map((p, i): IngestedItem => {
        const source = p.ok ? p.event.source : p.source !== null && md.source(p.source) ? p.source : null;
        return { source, outcome: results[i]?.outcome ?? 'rejected' };
      });
      for (const l of this.listeners) {
        try {
          l(items);
        } catch {
          // a listener's failure is its own: the batch is committed either way
        }
      }
    }
    return results;
  }
}

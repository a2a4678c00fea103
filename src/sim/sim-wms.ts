import type { DemoNetwork } from './demo-network.ts';
import type { StockChange } from './demo-stock.ts';
import type { Site } from './sim-site.ts';
import type { SimStock } from './sim-stock.ts';

/** What every simulated WMS is given. */
export interface SimContext {
  readonly net: DemoNetwork;
  readonly site: Site;
  /** The WMS's own stock: the orchestrator applies each change here before `emit`. */
  readonly stock: SimStock;
  readonly now: () => Date;
  /** Where a WMS reports trouble of its own (an unexpected refusal): one line on stderr. */
  readonly warn: (line: string) => void;
}

/**
 * A simulated WMS of the live demo: it renders stock changes in its dialect and hands them to the
 * hub the way that dialect does — served for polling, pushed over HTTP, written into folders.
 */
export interface SimWms {
  readonly site: Site;
  /** Connects to the hub (its base URL) and starts serving, pushing or writing. */
  start(hubUrl: string): Promise<void>;
  /** Hands over one change already applied to the stock, with the WMS's own sequence number. */
  emit(change: StockChange, seq: number): void;
  /** Sends or writes what is buffered, in order. */
  flush(): Promise<void>;
  /** A full stock listing where the dialect has one, after everything emitted before it. */
  snapshot?(): Promise<void>;
  /** Flushes, stops serving and pushing (what could not be pushed stays in `saved()`). */
  stop(): Promise<void>;
  /** What the WMS keeps across restarts (JSON). */
  saved(): unknown;
}

/** Runs async tasks one after the other, in the order given; a failure does not stop the queue. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves when everything queued so far is done. */
  idle(): Promise<void> {
    return this.tail;
  }
}

/** `2026-11-25T16:00:00+08:00`: an instant written in a fixed offset, as a WMS in that zone writes it. */
export function localIso(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.toISOString().slice(0, 19)}${off}`;
}

/** A saved value read back as an object (anything else: an empty one). */
export const savedObject = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

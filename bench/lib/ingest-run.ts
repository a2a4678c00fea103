import type { InboundEvent } from '../../src/domain/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { progress } from './progress.ts';
import { perSecond, stopwatch } from './timer.ts';

export interface IngestRun {
  readonly events: number;
  readonly perSecond: number;
  readonly ms: number;
  /** CPU time of this process (user + system) per event, µs: robust to other load on the machine. */
  readonly cpuUsPerEvent: number;
  readonly outcomes: Record<string, number>;
}

/**
 * Feeds chunks of events to the hub's ingestor, one `ingest` call per chunk, keeping `window` calls
 * in flight (as concurrent producers would), and times from the first call to the last
 * acknowledgement. Chunks are pulled lazily, so a long stream never sits in memory whole.
 */
export async function ingestChunks(
  hub: Hub,
  chunks: Iterable<readonly InboundEvent[]>,
  total: number,
  label = 'ingest',
  window = 2,
): Promise<IngestRun> {
  const outcomes: Record<string, number> = {};
  const inflight: Promise<void>[] = [];
  let done = 0;
  const sw = stopwatch();
  const cpu0 = process.cpuUsage();
  for (const chunk of chunks) {
    inflight.push(
      hub.ingestor.ingest(chunk.map((raw) => ({ raw }))).then((results) => {
        for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
        done += results.length;
        progress(label, done, total);
      }),
    );
    if (inflight.length >= window) await inflight.shift();
  }
  await Promise.all(inflight);
  const ms = sw.ms();
  const cpu = process.cpuUsage(cpu0);
  return { events: done, perSecond: perSecond(done, ms), ms, cpuUsPerEvent: (cpu.user + cpu.system) / Math.max(1, done), outcomes };
}

/** `events` in calls of `call`. */
export function inCalls<T>(events: readonly T[], call = 5000): Iterable<readonly T[]> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < events.length; i += call) yield events.slice(i, i + call);
    },
  };
}

/** Lazily generated calls: `make(n)` gives the next n events, until `total` were given. */
export function generated<T>(total: number, make: (n: number, offset: number) => T[], call = 5000): Iterable<T[]> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < total; i += call) yield make(Math.min(call, total - i), i);
    },
  };
}

/** Throws unless every event of the run was applied (a benchmark over rejected events measures nothing). */
export function expectAllApplied(r: IngestRun, what: string): void {
  if ((r.outcomes.applied ?? 0) !== r.events) throw new Error(`${what}: expected ${r.events} applied, got ${JSON.stringify(r.outcomes)}`);
}

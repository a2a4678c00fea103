/**
 * A long synchronous stretch (allocating many orders in one reservation transaction) made polite:
 * `maybePause()` pauses once `sliceMs` passed since the last pause: it lets the event
 * loop answer other requests (ATP reads on the store's read connection, health probes) before the
 * work goes on. The transaction stays open meanwhile, so correctness is unchanged: only other
 * writers wait, as they would anyway.
 */
export class TimeSlicer {
  private last = performance.now();
  constructor(private readonly sliceMs = 4) {}

  async maybePause(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

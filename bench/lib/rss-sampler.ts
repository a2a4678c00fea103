/**
 * Samples process.memoryUsage().rss on a timer and keeps the highest per named phase. Timers do not
 * fire while the thread is busy in synchronous work (better-sqlite3), so the kernel's own peak,
 * process.resourceUsage().maxRSS, is reported beside it and is the authoritative figure.
 */
export class RssSampler {
  private readonly timer: NodeJS.Timeout;
  private phase = 'start';
  readonly peaks = new Map<string, { sampledMiB: number; heapMiB: number; maxRssAfterMiB: number }>();

  constructor(everyMs = 50) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const m = process.memoryUsage();
    const p = this.peaks.get(this.phase) ?? { sampledMiB: 0, heapMiB: 0, maxRssAfterMiB: 0 };
    p.sampledMiB = Math.max(p.sampledMiB, m.rss / 2 ** 20);
    p.heapMiB = Math.max(p.heapMiB, m.heapUsed / 2 ** 20);
    this.peaks.set(this.phase, p);
  }

  /** Closes the current phase (recording the kernel peak so far) and starts the next. */
  enter(phase: string): void {
    this.sample();
    const p = this.peaks.get(this.phase);
    if (p) p.maxRssAfterMiB = process.resourceUsage().maxRSS / 1024;
    this.phase = phase;
  }

  stop(): void {
    this.enter('end');
    clearInterval(this.timer);
    this.peaks.delete('end');
  }

  get sampledPeakMiB(): number {
    return Math.max(0, ...[...this.peaks.values()].map((p) => p.sampledMiB));
  }
}

import { type BackoffPolicy, retryDelay } from './backoff.ts';
import { ConnectorFailure } from './connector-failure.ts';
import type { Sleep } from './sleep.ts';
import type { StateTracker } from './state-tracker.ts';

/** What one step of a polling connector found: more waiting (go again now) or nothing new. */
export type StepOutcome = 'more' | 'idle';

export interface PollLoopOptions {
  /** One unit of work: fetch a page, process ready files… Throws when it could not be done. */
  readonly step: (signal: AbortSignal) => Promise<StepOutcome>;
  /** Wait after an idle step. */
  readonly idleMs: number;
  readonly backoff: BackoffPolicy;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly tracker: StateTracker;
  /** Called after every step, successful or not (persisting state, test probes). */
  readonly afterStep?: () => Promise<void>;
}

/**
 * The loop every pulling connector runs: step; on success go again at once (more) or after
 * `idleMs` (idle); on failure wait a bounded, jittered, growing delay and retry the same step.
 * A failed step must leave nothing half done (cursors are committed only after the sink
 * accepted), so retrying it is always safe.
 */
export class PollLoop {
  private readonly opts: PollLoopOptions;
  private controller: AbortController | null = null;
  private done: Promise<void> | null = null;

  constructor(opts: PollLoopOptions) {
    this.opts = opts;
  }

  get running(): boolean {
    return this.controller !== null;
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.done = this.run(controller.signal);
  }

  /** Stops after the step in flight (an HTTP request in flight is aborted). */
  async stop(): Promise<void> {
    const c = this.controller;
    if (!c) return;
    c.abort();
    await this.done;
    this.controller = null;
    this.done = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { step, idleMs, backoff, sleep, random, tracker, afterStep } = this.opts;
    let failures = 0;
    while (!signal.aborted) {
      let wait = 0;
      try {
        const outcome = await step(signal);
        failures = 0;
        tracker.running();
        wait = outcome === 'idle' ? idleMs : 0;
      } catch (err) {
        if (signal.aborted) break;
        const asked = err instanceof ConnectorFailure ? err.retryAfterMs : undefined;
        wait = retryDelay(failures, backoff, random, asked);
        failures += 1;
        tracker.backingOff(err, wait);
      }
      if (afterStep) await afterStep().catch(() => undefined);
      if (wait > 0) await sleep(wait, signal);
    }
  }
}

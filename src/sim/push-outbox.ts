import { realSleep } from '../connectors/runtime/index.ts';

/** What became of one push. */
export type PushResult = { readonly kind: 'accepted'; readonly status: number } | { readonly kind: 'refused'; readonly status: number; readonly body: string } | { readonly kind: 'retry'; readonly why: string };

/** One request waiting to be pushed; `body` is sent as it is (its signature is made at send time). */
export interface Outgoing {
  readonly id: string;
  readonly body: string;
  /** Send it signed with a wrong secret (the demo's badly signed webhook). */
  readonly forge?: boolean | undefined;
}

/**
 * The outbox of a pushing WMS (SaaS webhooks, RFID portals): requests leave one at a time, in
 * order; one the hub could not take (down, 5xx) is retried after a pause until it is accepted, so
 * nothing the WMS did is lost while the hub restarts. A refusal (4xx) is final: reported, dropped.
 */
export class PushOutbox {
  private readonly queue: Outgoing[];
  private readonly send: (o: Outgoing) => Promise<PushResult>;
  private readonly onResult: (o: Outgoing, r: PushResult) => void;
  private controller = new AbortController();
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(send: (o: Outgoing) => Promise<PushResult>, onResult: (o: Outgoing, r: PushResult) => void, pending: readonly Outgoing[] = []) {
    this.send = send;
    this.onResult = onResult;
    this.queue = [...pending];
  }

  get pending(): readonly Outgoing[] {
    return this.queue;
  }

  start(): void {
    if (this.running) return;
    this.controller = new AbortController();
    this.running = this.loop(this.controller.signal);
  }

  push(o: Outgoing): void {
    this.queue.push(o);
    this.wake?.();
  }

  /** Resolves once the queue is empty (or after `ms`). */
  async drained(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (this.queue.length > 0 && Date.now() < until) await realSleep(20);
    return this.queue.length === 0;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const head = this.queue[0];
      if (head === undefined) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            signal.removeEventListener('abort', done);
            resolve();
          };
          this.wake = done;
          signal.addEventListener('abort', done, { once: true });
        });
        this.wake = undefined;
        continue;
      }
      const r = await this.send(head).catch((err: unknown): PushResult => ({ kind: 'retry', why: err instanceof Error ? err.message : String(err) }));
      if (r.kind === 'retry') {
        await realSleep(1000, signal);
        continue;
      }
      this.queue.shift();
      this.onResult(head, r);
    }
  }
}

/** Classifies an HTTP answer: 2xx accepted, 5xx / 429 retry, other 4xx refused. */
export async function resultOf(res: Response): Promise<PushResult> {
  const body = await res.text().catch(() => '');
  if (res.ok) return { kind: 'accepted', status: res.status };
  if (res.status >= 500 || res.status === 429 || res.status === 408) return { kind: 'retry', why: `HTTP ${res.status}` };
  return { kind: 'refused', status: res.status, body };
}

import type { Hub } from '../hub/index.ts';
import { deliverNotifications, type DeliverOptions } from './deliver-notifications.ts';
import { exceptionService } from './exception-service.ts';
import type { ExceptionWebhook } from './exception-webhook.ts';
import type { RulesConfig } from './rules-config.ts';

export interface ExceptionSweepOptions {
  /** Between sweeps (default 30 s). The first sweep runs at once. */
  readonly intervalMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
  readonly rules?: Partial<RulesConfig> | undefined;
  /** Signed notifications (see exceptionWebhookFromEnv); absent = none queued. */
  readonly webhook?: ExceptionWebhook | undefined;
  /** Between delivery passes of the outbox (default 2 s). */
  readonly deliverEveryMs?: number | undefined;
  readonly delivery?: Omit<DeliverOptions, 'now'> | undefined;
  readonly onError?: ((err: unknown) => void) | undefined;
}

/**
 * Runs the detection rules every `intervalMs` and upserts exceptions (the hub's one exception
 * service, so API routes and live listeners see the same changes), and — with a webhook — drains
 * the notification outbox. Returns a stop function; timers do not keep the process alive, and a
 * tick is skipped while the previous one still runs.
 */
export function startExceptionSweep(hub: Hub, opts: ExceptionSweepOptions = {}): () => void {
  const service = exceptionService(hub, { rules: opts.rules, notify: opts.webhook !== undefined, now: opts.now });
  const onError = opts.onError ?? (() => {});
  let sweeping = false;
  let delivering = false;
  let stopped = false;
  const sweep = (): void => {
    if (sweeping || stopped) return;
    sweeping = true;
    service
      .sweep()
      .catch(onError)
      .finally(() => {
        sweeping = false;
      });
  };
  const deliver = (): void => {
    const hook = opts.webhook;
    if (!hook || delivering || stopped) return;
    delivering = true;
    deliverNotifications(hub.store, hook, { ...opts.delivery, now: opts.now })
      .catch(onError)
      .finally(() => {
        delivering = false;
      });
  };
  const timers = [setInterval(sweep, opts.intervalMs ?? 30_000), ...(opts.webhook ? [setInterval(deliver, opts.deliverEveryMs ?? 2000)] : [])];
  for (const t of timers) t.unref();
  sweep();
  return () => {
    stopped = true;
    for (const t of timers) clearInterval(t);
  };
}

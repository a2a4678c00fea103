import { randomBytes } from 'node:crypto';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../connectors/webhook/index.ts';
import type { Store } from '../store/index.ts';
import type { ExceptionWebhook } from './exception-webhook.ts';

/** Header naming the change (`opened`, `escalated`, `resolved`). */
export const EVENT_HEADER = 'x-stockmesh-event';

export interface DeliverOptions {
  readonly now?: (() => Date) | undefined;
  /** First retry delay; doubles per failed attempt up to `retryMaxMs`. Default 5 s. */
  readonly retryBaseMs?: number | undefined;
  /** Longest pause between attempts. Default 10 min. */
  readonly retryMaxMs?: number | undefined;
  /** How long a deliverer holds a notification while sending it. Default 60 s. */
  readonly leaseMs?: number | undefined;
  /** Per-request timeout. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Most notifications sent per pass. Default 100. */
  readonly batch?: number | undefined;
}

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
}

/** Pause before the next attempt after `attempts` failures. */
export const retryAfterMs = (attempts: number, base: number, max: number): number => Math.min(max, base * 2 ** Math.min(30, Math.max(0, attempts - 1)));

/**
 * One pass over the outbox: sends due notifications oldest first, each signed like the hub's
 * inbound webhooks (HMAC-SHA256 over `timestamp.body`). A 2xx marks it delivered (it is never
 * sent again, also after a restart); anything else counts an attempt, records the error and
 * schedules a retry with doubling backoff, and ends the pass so that later notifications never
 * overtake an earlier one. Rows are leased first, so two deliverers never send one row at once.
 */
export async function deliverNotifications(store: Store, hook: ExceptionWebhook, opts: DeliverOptions = {}): Promise<DeliveryReport> {
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 60_000;
  const base = opts.retryBaseMs ?? 5000;
  const max = opts.retryMaxMs ?? 600_000;
  const db = store.db;
  const owner = randomBytes(6).toString('hex');
  let delivered = 0;
  let failed = 0;
  const t0 = now();
  const due = await db
    .selectFrom('exception_notifications')
    .select(['id', 'next_attempt_at', 'lease_until'])
    .where('delivered_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(opts.batch ?? 100)
    .execute();
  for (const n of due) {
    if (n.next_attempt_at > t0.toISOString()) break;
    const at = now();
    const leaseUntil = new Date(at.getTime() + leaseMs).toISOString();
    // Claim: only if still undelivered and not leased by another deliverer.
    const claimed = await db
      .updateTable('exception_notifications')
      .set({ lease_until: `${leaseUntil}#${owner}` })
      .where('id', '=', n.id)
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at.toISOString())]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) break;
    const row = await db.selectFrom('exception_notifications').selectAll().where('id', '=', n.id).executeTakeFirstOrThrow();
    const error = await send(hook, row.id, row.kind, row.body, at, opts.timeoutMs ?? 10_000);
    const done = now().toISOString();
    if (error === null) {
      await db.updateTable('exception_notifications').set({ delivered_at: done, lease_until: null, attempts: row.attempts + 1, last_error: null }).where('id', '=', row.id).execute();
      delivered++;
      continue;
    }
    const attempts = row.attempts + 1;
    const next = new Date(now().getTime() + retryAfterMs(attempts, base, max)).toISOString();
    await db.updateTable('exception_notifications').set({ attempts, next_attempt_at: next, lease_until: null, last_error: error }).where('id', '=', row.id).execute();
    failed++;
    break;
  }
  return { delivered, failed };
}

async function send(hook: ExceptionWebhook, id: string, kind: string, body: string, at: Date, timeoutMs: number): Promise<string | null> {
  const ts = Math.floor(at.getTime() / 1000);
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: String(ts),
        [SIGNATURE_HEADER]: signWebhook(hook.secret, ts, body),
        [DELIVERY_HEADER]: id,
        [EVENT_HEADER]: kind,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
}

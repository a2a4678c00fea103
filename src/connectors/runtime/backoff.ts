/**
 * Exponential backoff with jitter, bounded. The delay before retry `attempt` (0 = first retry) is
 * drawn from [cap/2, cap] where cap = min(maxMs, initialMs · factor^attempt) ("equal jitter"):
 * many connectors failing together spread their retries out, none retries at once, and no delay
 * ever exceeds `maxMs`, so a source that comes back is picked up within `maxMs` at the latest.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, factor: 2 };

/** Pure: the delay before retry number `attempt`, with `random()` in [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 0), 40);
  const cap = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(cap / 2 + (r * cap) / 2);
}

/**
 * The delay to wait after a failure: the backoff delay, raised to what the source asked for
 * (`Retry-After`) but never above `maxMs`.
 */
export function retryDelay(attempt: number, policy: BackoffPolicy, random: () => number, askedMs?: number): number {
  const d = backoffDelay(attempt, policy, random);
  return askedMs === undefined ? d : Math.min(policy.maxMs, Math.max(d, askedMs));
}

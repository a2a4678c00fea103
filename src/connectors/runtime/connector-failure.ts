import { type ErrorCode, StockmeshError } from '../../domain/index.ts';

/**
 * A failure talking to a source system. `retryAfterMs` carries what the source asked for
 * (a `Retry-After` header); the poll loop waits at least that long, within its backoff bound.
 */
export class ConnectorFailure extends StockmeshError {
  readonly retryAfterMs: number | undefined;
  constructor(code: ErrorCode, message: string, retryAfterMs?: number) {
    super(code, message);
    this.name = 'ConnectorFailure';
    this.retryAfterMs = retryAfterMs;
  }
}

/** A short, single-line description of anything thrown, for connector state and logs. */
export function describeError(err: unknown): string {
  if (err instanceof StockmeshError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? ` (${cause.message})` : '';
    return `${err.message}${why}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}

/** Reads a Retry-After header (seconds or an HTTP date) as milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now.getTime());
}

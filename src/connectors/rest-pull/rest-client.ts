import { ConnectorFailure, describeError, parseRetryAfter } from '../runtime/index.ts';
import type { ShipmentOrder } from './wms-api.ts';

export interface RestClientOptions {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/**
 * The transport to the WMS: three requests, each bounded by a timeout and the caller's signal.
 * Every failure is a `ConnectorFailure`: unreachable, 5xx or 429 → SOURCE_UNAVAILABLE (with the
 * WMS's Retry-After), another 4xx → REQUEST_REFUSED, a body that is not JSON → MALFORMED_MESSAGE.
 */
export class RestWmsClient {
  private readonly opts: RestClientOptions;

  constructor(opts: RestClientOptions) {
    this.opts = opts;
  }

  movements(after: string | null, limit: number, signal: AbortSignal): Promise<unknown> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (after !== null) q.set('after', after);
    return this.json('GET', `/api/movements?${q}`, signal);
  }

  stock(signal: AbortSignal): Promise<unknown> {
    return this.json('GET', '/api/stock', signal);
  }

  /** Idempotent by `Idempotency-Key` = request id; a 409 (already have it) counts as accepted. */
  async postShipment(order: ShipmentOrder, signal: AbortSignal): Promise<void> {
    await this.json('POST', '/api/shipments', signal, order, { 'idempotency-key': order.request_no }, [409]);
  }

  private async json(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    body?: unknown,
    extra: Readonly<Record<string, string>> = {},
    alsoOk: readonly number[] = [],
  ): Promise<unknown> {
    const url = new URL(path, this.opts.baseUrl).toString();
    const what = `${method} ${path}`;
    let res: Response;
    try {
      res = await this.opts.fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.opts.headers, ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs)]),
      });
    } catch (err) {
      throw new ConnectorFailure('SOURCE_UNAVAILABLE', `${what}: ${describeError(err)}`);
    }
    const text = await res.text().catch((err: unknown) => {
      throw new ConnectorFailure('SOURCE_UNAVAILABLE', `${what}: body not read: ${describeError(err)}`);
    });
    if (!res.ok && !alsoOk.includes(res.status)) {
      const said = text.slice(0, 300).replace(/\s+/g, ' ');
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        const retry = parseRetryAfter(res.headers.get('retry-after'), this.opts.now());
        throw new ConnectorFailure('SOURCE_UNAVAILABLE', `${what}: HTTP ${res.status} ${said}`, retry);
      }
      throw new ConnectorFailure('REQUEST_REFUSED', `${what}: HTTP ${res.status} ${said}`);
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ConnectorFailure('MALFORMED_MESSAGE', `${what}: the answer is not JSON: ${text.slice(0, 120)}`);
    }
  }
}

import type { Connector, FulfilmentRequest } from '../connector.ts';
import {
  ConnectorFailure,
  type ConnectorHealth,
  type CursorRecord,
  DEFAULT_BACKOFF,
  PollLoop,
  StatePersister,
  StateTracker,
  type StepOutcome,
  realSleep,
  retryDelay,
} from '../runtime/index.ts';
import { type DecodedPage, decodeMovementPage } from './decode-movements.ts';
import { decodeStockListing } from './decode-stock.ts';
import { encodeShipment } from './encode-shipment.ts';
import { RestWmsClient } from './rest-client.ts';
import { MOVEMENTS_STREAM, type RestPullOptions } from './rest-pull-options.ts';

/**
 * Pulls a WMS's movements with a cursor into the sink. The cursor is committed only after the
 * sink accepted the page, so a crash or restart re-reads at most one page (harmless: ids are the
 * WMS's sequence). When a page jumps in sequence, the connector owes a resync: once caught up it
 * pulls `GET /api/stock` and sends it as snapshots, but only when the listing reflects exactly
 * the cursor it stands at, so no movement is counted by both the listing and the stream.
 */
export class RestPullConnector implements Connector {
  readonly dialect = 'rest-pull' as const;
  readonly source: string;
  private readonly opts: RestPullOptions;
  private readonly now: () => Date;
  private readonly tracker: StateTracker;
  private readonly persister: StatePersister;
  private readonly client: RestWmsClient;
  private readonly loop: PollLoop;
  private position: CursorRecord | null = null;
  private lastSnapshotAt: number;
  private unmatchedSnapshots = 0;
  private resyncNotBefore = 0;

  constructor(opts: RestPullOptions) {
    this.opts = opts;
    this.source = opts.source;
    this.now = opts.now ?? (() => new Date());
    this.lastSnapshotAt = this.now().getTime();
    this.tracker = new StateTracker(opts.source, 'rest-pull', this.now);
    this.persister = new StatePersister(opts.states, this.tracker, 1000, this.now);
    this.client = new RestWmsClient({
      baseUrl: opts.baseUrl,
      fetch: opts.fetch ?? fetch,
      headers: opts.headers ?? {},
      timeoutMs: opts.requestTimeoutMs ?? 10_000,
      now: this.now,
    });
    this.loop = new PollLoop({
      step: (signal) => this.step(signal),
      idleMs: opts.pollIntervalMs ?? 1000,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      sleep: opts.sleep ?? realSleep,
      random: opts.random ?? Math.random,
      tracker: this.tracker,
      afterStep: () => this.persister.maybe(),
    });
  }

  async start(): Promise<void> {
    if (this.loop.running) return;
    const position = await this.load();
    this.tracker.starting(position.cursor);
    await this.persister.flush();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.tracker.stopped();
    await this.persister.flush().catch(() => undefined);
  }

  state(): ConnectorHealth {
    return this.tracker.state();
  }

  /**
   * One pull: a page of movements into the sink, then the cursor. Exposed for tests and the
   * CLI's one-shot mode; the running loop calls it.
   */
  async step(signal: AbortSignal = new AbortController().signal): Promise<StepOutcome> {
    const pageSize = this.opts.pageSize ?? 500;
    const position = await this.load();
    const body = await this.client.movements(position.cursor, pageSize, signal);
    const page = decodeMovementPage(body, { source: this.source, warehouseCodes: this.opts.warehouseCodes });
    if (page.page === null) {
      const where = page.decoded.problems.map((p) => `${p.where ?? ''}: ${p.message}`).join('; ');
      throw new ConnectorFailure('MALFORMED_MESSAGE', `GET /api/movements answered something that is not a page (${where})`);
    }
    await this.deliver(page, position);
    if (page.page.hasMore ?? page.page.items >= pageSize) return 'more';
    return this.resyncIfOwed(signal);
  }

  /** The committed position, read from the cursor store once. */
  private async load(): Promise<CursorRecord> {
    this.position ??= await this.opts.cursors.load(this.source, MOVEMENTS_STREAM);
    return this.position;
  }

  private async deliver(page: DecodedPage, position: CursorRecord): Promise<void> {
    const { events } = page.decoded;
    const after = position.cursor ?? '';
    if (events.length > 0) {
      await this.opts.sink.events(events.map((raw) => ({ raw, location: `${this.source}:after=${after}#seq=${raw.sequence ?? '?'}` })));
    }
    const receivedAt = this.now().toISOString();
    for (const r of page.refused) {
      this.tracker.error(new Error(`item ${r.index} refused: ${r.problems[0]?.message ?? ''}`));
      await this.opts.rejections.record({
        source: this.source,
        dialect: 'rest-pull',
        code: r.problems[0]?.code ?? 'MALFORMED_MESSAGE',
        reason: 'malformed_item',
        message: r.problems.map((p) => `${p.where ?? ''}: ${p.message}`).join('; '),
        location: `GET /api/movements?after=${after}#items[${r.index}]`,
        payload: JSON.stringify(r.item),
        receivedAt,
      });
    }
    let { maxSeq, resyncWanted } = position;
    for (const e of events) {
      const seq = e.sequence;
      if (seq === undefined) continue;
      if (maxSeq !== null && seq > maxSeq + 1) resyncWanted = true;
      maxSeq = maxSeq === null ? seq : Math.max(maxSeq, seq);
    }
    const next: CursorRecord = { cursor: page.page?.nextCursor ?? position.cursor, maxSeq, resyncWanted };
    if (next.cursor !== position.cursor || next.maxSeq !== position.maxSeq || next.resyncWanted !== position.resyncWanted) {
      await this.opts.cursors.commit(this.source, MOVEMENTS_STREAM, next);
      this.position = next;
    }
    this.tracker.delivered(events.length, events.map((e) => e.occurredAt), next.cursor);
  }

  private async resyncIfOwed(signal: AbortSignal): Promise<StepOutcome> {
    const nowMs = this.now().getTime();
    const every = this.opts.snapshotEveryMs;
    const position = await this.load();
    const due = (position.resyncWanted && this.opts.resyncOnGap !== false) || (every !== undefined && nowMs - this.lastSnapshotAt >= every);
    if (!due || nowMs < this.resyncNotBefore) return 'idle';
    if ((await this.snapshot(signal)) !== 'moved-on') return 'idle';
    if (this.unmatchedSnapshots < 3) return 'more';
    // The listing keeps running ahead of the stream (a busy WMS): try again after a while.
    this.unmatchedSnapshots = 0;
    this.resyncNotBefore = nowMs + (this.opts.backoff ?? DEFAULT_BACKOFF).maxMs;
    this.tracker.error(new Error('stock listing is ahead of the movement stream three times in a row; resync postponed'));
    return 'idle';
  }

  /**
   * Pulls the WMS's stock listing and sends it as snapshots when it reflects exactly the cursor
   * the connector stands at; otherwise ('moved-on') the stream must be read further first.
   */
  async snapshot(signal: AbortSignal = new AbortController().signal): Promise<'sent' | 'moved-on' | 'refused'> {
    const body = await this.client.stock(signal);
    const stock = decodeStockListing(body, { source: this.source, warehouseCodes: this.opts.warehouseCodes });
    if (stock.asOfCursor === undefined) {
      this.resyncNotBefore = this.now().getTime() + (this.opts.backoff ?? DEFAULT_BACKOFF).maxMs;
      const message = stock.decoded.problems.map((p) => `${p.where ?? ''}: ${p.message}`).join('; ');
      this.tracker.error(new Error(`stock listing refused: ${message}`));
      await this.opts.rejections.record({
        source: this.source,
        dialect: 'rest-pull',
        code: stock.decoded.problems[0]?.code ?? 'MALFORMED_MESSAGE',
        reason: 'malformed_snapshot',
        message,
        location: 'GET /api/stock',
        payload: JSON.stringify(body),
        receivedAt: this.now().toISOString(),
      });
      return 'refused';
    }
    const position = await this.load();
    if (stock.asOfCursor !== position.cursor) {
      this.unmatchedSnapshots += 1;
      return 'moved-on';
    }
    this.unmatchedSnapshots = 0;
    for (const doc of stock.decoded.snapshots) await this.opts.sink.snapshot(doc, `${this.source}:GET /api/stock`);
    const next: CursorRecord = { ...position, resyncWanted: false };
    await this.opts.cursors.commit(this.source, MOVEMENTS_STREAM, next);
    this.position = next;
    this.lastSnapshotAt = this.now().getTime();
    this.tracker.delivered(stock.decoded.snapshots.length);
    return 'sent';
  }

  /** Sends a fulfilment or transfer request, retrying (idempotently) while the WMS is unavailable. */
  async send(request: FulfilmentRequest): Promise<void> {
    const order = encodeShipment(request, this.opts.warehouseCodes);
    const attempts = this.opts.sendAttempts ?? 5;
    const sleep = this.opts.sleep ?? realSleep;
    const signal = new AbortController().signal;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.postShipment(order, signal);
        return;
      } catch (err) {
        const retriable = err instanceof ConnectorFailure && err.code === 'SOURCE_UNAVAILABLE';
        if (!retriable || attempt + 1 >= attempts) {
          this.tracker.error(err);
          throw err;
        }
        const asked = err instanceof ConnectorFailure ? err.retryAfterMs : undefined;
        await sleep(retryDelay(attempt, this.opts.backoff ?? DEFAULT_BACKOFF, this.opts.random ?? Math.random, asked));
      }
    }
  }
}

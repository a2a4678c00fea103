import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Hub } from '../hub/index.ts';
import type { IngestedItem } from '../ledger/index.ts';
import type { OrderService, SubmitObservation } from '../orders/index.ts';
import { problemSchema } from './problem-details.ts';

/** Label used when an input's source is unreadable or unknown to master data (labels never come from unchecked input). */
export const UNKNOWN_SOURCE_LABEL = '_unknown';

/**
 * The hub's Prometheus metrics: one registry per app (never prom-client's global one, so apps in
 * one process — tests — keep their counts apart). The areas feed it through listeners
 * (`Ingestor.onCommitted`, `OrderService.onSubmitted`) and the functions below; the domain code
 * never imports prom-client. Every metric is listed in docs/api.md ("Metrics").
 */
export interface HubMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsIngested: Counter<'source' | 'outcome'>;
  readonly deadLettersWritten: Counter<'source'>;
  readonly ordersSubmitted: Counter<'outcome'>;
  readonly reservationSeconds: Histogram<'outcome'>;
  readonly holdsReleased: Counter<'by'>;
  readonly overrides: Counter<'outcome'>;
  /** Failed sign-ins and refused credentials, by reason (`bad_password`, `unknown_user`, `revoked_key`, …). Called by the auth area. */
  readonly authFailures: Counter<'reason'>;
  /** Requests refused for a missing permission, by the permission and the caller's role. Called by the auth area. */
  readonly permissionDenials: Counter<'permission' | 'role'>;
  /** Feeds one committed ingest batch (an `Ingestor.onCommitted` listener). */
  ingested(items: readonly IngestedItem[]): void;
  /** Feeds one settled order submit (an `OrderService.onSubmitted` listener). */
  submitted(o: SubmitObservation): void;
  /** Prometheus text exposition of everything. */
  text(): Promise<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's metrics (see src/api/metrics.ts): e.g. `app.metrics.authFailures.inc({ reason })`. */
    readonly metrics: HubMetrics;
  }
}

/** Seconds buckets of the HTTP and reservation histograms: fine below 20 ms (the ATP target), coarse above. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates the metrics of one app over `hub`. Gauges that read the store (pending dead letters,
 * bus consumer lag) are computed when scraped, with one grouped query each.
 */
export function createMetrics(hub: Hub): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  /** One counter of this registry. */
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> => new Counter({ name, help, labelNames, registers });
  /** One histogram of this registry, in the seconds buckets above. */
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> =>
    new Histogram({ name, help, labelNames, buckets: BUCKETS, registers });
  const httpDuration = histogram('stockmesh_http_request_duration_seconds', 'HTTP requests by method, route pattern and status: time from receiving the request to sending the answer', ['method', 'route', 'status']);
  const eventsIngested = counter('stockmesh_events_ingested_total', 'Inventory events through the ledger write path, by source and outcome (applied, duplicate, rejected)', ['source', 'outcome']);
  const deadLettersWritten = counter('stockmesh_dead_letters_written_total', 'Events refused and kept as dead letters (a new one, or one more attempt of a known one), by source', ['source']);
  const ordersSubmitted = counter('stockmesh_orders_submitted_total', 'Order submits by outcome: allocated, partial, backordered, accepted (new orders), duplicate (same id and body again), rejected', ['outcome']);
  const reservationSeconds = histogram('stockmesh_reservation_duration_seconds', 'Order submit latency: validation, the wait for the group commit and the reservation transaction, by outcome', ['outcome']);
  const holdsReleased = counter('stockmesh_holds_released_by_hand_total', 'Holds released through the API (hold release and allocation override), by action', ['by']);
  const overrides = counter('stockmesh_allocation_overrides_total', 'Allocation overrides by outcome (applied, refused)', ['outcome']);
  const authFailures = counter('stockmesh_auth_failures_total', 'Failed sign-ins and refused credentials, by reason', ['reason']);
  const permissionDenials = counter('stockmesh_permission_denials_total', 'Requests refused because the caller lacks the permission the route requires, by permission and role', ['permission', 'role']);
  new Gauge({
    name: 'stockmesh_dead_letters_pending',
    help: 'Dead letters waiting to be replayed or discarded, by source',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      this.reset();
      try {
        const rows = await hub.store.db
          .selectFrom('dead_letters')
          .select(['source', (eb) => eb.fn.countAll<number | string>().as('n')])
          .where('state', '=', 'pending')
          .groupBy('source')
          .execute();
        for (const r of rows) this.set({ source: r.source ?? UNKNOWN_SOURCE_LABEL }, Number(r.n));
      } catch {
        // the store is closing or unreachable: /readyz says so; the gauge stays empty
      }
    },
  });
  new Gauge({
    name: 'stockmesh_bus_consumer_lag_messages',
    help: "Messages of the embedded bus not yet acknowledged by each durable consumer (the ledger consumer is 'ledger'); with NATS, JetStream reports num_pending itself",
    labelNames: ['consumer'] as const,
    registers,
    async collect() {
      this.reset();
      if (hub.bus.kind !== 'embedded') return;
      try {
        const db = hub.store.db;
        for (const c of await db.selectFrom('bus_consumers').select(['durable', 'filter', 'acked_seq']).execute()) {
          // The literal part of the subject filter before its first wildcard (`stockmesh.inventory.>` → `stockmesh.inventory.`).
          const prefix = c.filter.split('.').reduce<{ done: boolean; parts: string[] }>((acc, t) => (acc.done || t === '*' || t === '>' ? { done: true, parts: acc.parts } : { done: false, parts: [...acc.parts, t] }), { done: false, parts: [] });
          const like = prefix.done ? `${prefix.parts.map((p) => `${p}.`).join('')}%` : c.filter;
          const r = await sql<{ n: number | string }>`select count(*) as n from bus_messages where seq > ${c.acked_seq} and subject like ${like}`.execute(db);
          this.set({ consumer: c.durable }, Number(r.rows[0]?.n ?? 0));
        }
      } catch {
        // see above
      }
    },
  });

  return {
    registry,
    httpDuration,
    eventsIngested,
    deadLettersWritten,
    ordersSubmitted,
    reservationSeconds,
    holdsReleased,
    overrides,
    authFailures,
    permissionDenials,
    ingested(items) {
      const counts = new Map<string, number>();
      const dead = new Map<string, number>();
      for (const i of items) {
        const source = i.source ?? UNKNOWN_SOURCE_LABEL;
        const k = `${source}\u0000${i.outcome}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        if (i.outcome === 'rejected') dead.set(source, (dead.get(source) ?? 0) + 1);
      }
      for (const [k, n] of counts) {
        const [source = UNKNOWN_SOURCE_LABEL, outcome = 'rejected'] = k.split('\u0000');
        eventsIngested.inc({ source, outcome }, n);
      }
      for (const [source, n] of dead) deadLettersWritten.inc({ source }, n);
    },
    submitted(o) {
      ordersSubmitted.inc({ outcome: o.outcome });
      reservationSeconds.observe({ outcome: o.outcome }, o.seconds);
    },
    text: () => registry.metrics(),
  };
}

/**
 * Wires metrics into the app: the `metrics` decoration, the HTTP histogram (onResponse), the
 * ingest and order listeners (removed when the app closes), and `GET /metrics`.
 */
export function registerMetrics(app: FastifyInstance, hub: Hub, orders: OrderService): HubMetrics {
  const metrics = createMetrics(hub);
  app.decorate('metrics', metrics);
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  const stops = [hub.ingestor.onCommitted((items) => metrics.ingested(items)), orders.onSubmitted((o) => metrics.submitted(o))];
  app.addHook('onClose', (_app, done) => {
    for (const stop of stops) stop();
    done();
  });
  app.get(
    '/metrics',
    {
      config: { permission: 'metrics:read' },
      schema: {
        summary: 'Prometheus metrics',
        description: 'Every metric of the hub in the Prometheus text exposition format (see docs/api.md, "Metrics").',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        produces: ['text/plain'],
        response: { 200: { type: 'string', description: 'Prometheus text format 0.0.4' }, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (_request, reply) => {
      const body = await metrics.text();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
  return metrics;
}

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode, type Problem, problem } from '../../domain/index.ts';
import type { InboundSink } from '../connector.ts';
import { type ConnectorRejection, describeError, type WarehouseCodes } from '../runtime/index.ts';
import { decodeDelivery } from './decode-webhook.ts';
import type { WebhookConnector } from './webhook-connector.ts';
import { DEFAULT_TOLERANCE_SEC, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './webhook-signature.ts';

/** A source's secret(s); several while rotating. Undefined = the source may not push. */
export type WebhookSecrets = (source: string) => string | readonly string[] | undefined;

export interface WebhookRoutesOptions {
  readonly sink: InboundSink;
  readonly secrets: WebhookSecrets;
  readonly now: () => Date;
  /** Keeps every refused delivery (bad signature, stale timestamp, malformed body or event). */
  readonly recordRejection: (rejection: ConnectorRejection) => Promise<void>;
  /** Seconds a timestamp may differ from `now` (default 300). */
  readonly toleranceSec?: number | undefined;
  /** Largest body accepted, in bytes (default 1 MiB). */
  readonly bodyLimit?: number | undefined;
  /** The source's facility codes → hub warehouse ids (default: the WMS uses the hub's ids). */
  readonly warehouseCodes?: ((source: string) => WarehouseCodes | undefined) | undefined;
  /** The source's webhook connector (its health is updated per delivery), if it has one. */
  readonly connector?: ((source: string) => WebhookConnector | undefined) | undefined;
}

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/**
 * `POST /hooks/:source`: a signed push from a SaaS WMS (docs/connectors/webhook.md). The body is
 * read raw (the signature covers its exact bytes), verified, then decoded and handed to the sink.
 * 200 = accepted (duplicates included, refused events listed); 401 = not verified, recorded;
 * 400 = verified but not a delivery, recorded; 503 = the hub could not store it, send again.
 * Registered as its own encapsulated plugin, so the raw-body parser touches no other route.
 */
export function webhookRoutes(opts: WebhookRoutesOptions): FastifyPluginAsync {
  const toleranceSec = opts.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const bodyLimit = opts.bodyLimit ?? 1024 * 1024;
  const tracked = (source: string): WebhookConnector | undefined => (SOURCE.test(source) ? opts.connector?.(source) : undefined);
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

    app.post<{ Params: { source: string } }>('/hooks/:source', { bodyLimit, config: { permission: 'public' } /* verified by its HMAC signature */, schema: { summary: 'Receive a signed WMS webhook push', description: 'Verified by the HMAC-SHA256 signature of the source (docs/connectors/webhook.md).' } }, async (request, reply) => {
      const { source } = request.params;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const deliveryHeader = header(request, DELIVERY_HEADER);
      const receivedAt = opts.now().toISOString();
      const reject = async (status: number, code: ErrorCode, reason: string, message: string, problems: readonly Problem[], location?: string) => {
        await opts.recordRejection({
          source: SOURCE.test(source) ? source : source.slice(0, 64),
          dialect: 'webhook',
          code,
          reason,
          message,
          location: location ?? deliveryHeader,
          payload: raw.toString('utf8'),
          remote: request.ip,
          receivedAt,
        });
        tracked(source)?.tracker.error(new Error(`${code}: ${message}`));
        return sendProblem(reply, request, status, code, message, problems.length > 0 ? problems : [problem(code, message)]);
      };

      const secrets = SOURCE.test(source) ? opts.secrets(source) : undefined;
      const verdict = verifyWebhook({
        secrets: secrets === undefined ? [] : typeof secrets === 'string' ? [secrets] : secrets,
        timestamp: header(request, TIMESTAMP_HEADER),
        signature: header(request, SIGNATURE_HEADER),
        rawBody: raw,
        now: opts.now(),
        toleranceSec,
      });
      if (!verdict.ok) return reject(401, verdict.code, verdict.reason, verdict.message, []);

      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        return reject(400, 'MALFORMED_MESSAGE', 'not_json', `the body is not JSON: ${describeError(err)}`, []);
      }
      const d = decodeDelivery(body, { source, warehouseCodes: opts.warehouseCodes?.(source) });
      if (d.deliveryId === null) {
        const message = d.decoded.problems.map((p) => `${p.where ?? ''}: ${p.message}`).join('; ');
        return reject(400, 'MALFORMED_MESSAGE', 'malformed_delivery', `the body is not a delivery: ${message}`, d.decoded.problems);
      }

      try {
        const { events, snapshots } = d.decoded;
        if (events.length > 0) await opts.sink.events(events.map((e) => ({ raw: e, location: `webhook:${source}:${d.deliveryId}#${e.id}` })));
        for (const s of snapshots) await opts.sink.snapshot(s, `webhook:${source}:${d.deliveryId}#${s.id}`);
      } catch (err) {
        request.log.error({ err, source }, 'webhook delivery not stored');
        tracked(source)?.tracker.error(err);
        return reply
          .code(503)
          .header('retry-after', '5')
          .type(PROBLEM_TYPE)
          .send({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the hub could not store the delivery; send it again', problems: [] });
      }

      for (const r of d.refused) {
        await opts.recordRejection({
          source,
          dialect: 'webhook',
          code: r.problems[0]?.code ?? 'MALFORMED_MESSAGE',
          reason: 'malformed_event',
          message: r.problems.map((p) => `${p.where ?? ''}: ${p.message}`).join('; '),
          location: `${d.deliveryId}#events[${r.index}]`,
          payload: JSON.stringify(r.event),
          remote: request.ip,
          receivedAt,
        });
      }
      const c = tracked(source);
      if (c) {
        c.tracker.delivered(d.decoded.events.length + d.decoded.snapshots.length, d.decoded.events.map((e) => e.occurredAt), d.deliveryId);
        if (d.refused.length > 0) c.tracker.error(new Error(`${d.refused.length} event(s) of ${d.deliveryId} refused`));
        await c.persist().catch((err: unknown) => request.log.warn({ err, source }, 'connector state not saved'));
      }
      return reply.code(200).send({
        delivery_id: d.deliveryId,
        accepted: d.decoded.events.length,
        snapshots: d.decoded.snapshots.length,
        refused: d.refused.map((r) => ({ index: r.index, id: r.eventId, problems: r.problems })),
      });
    });
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, code: ErrorCode, detail: string, problems: readonly Problem[]): FastifyReply {
  return reply.code(status).type(PROBLEM_TYPE).send({
    type: `urn:stockmesh:error:${code}`,
    title: ERROR_CODES[code],
    status,
    detail,
    code,
    problems,
    instance: request.url,
  });
}

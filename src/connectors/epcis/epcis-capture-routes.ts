import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode, type Problem, problem } from '../../domain/index.ts';
import type { InboundSink } from '../connector.ts';
import { type ConnectorRejection, describeError } from '../runtime/index.ts';
import { decodeEpcis, type EpcisDecoded } from './decode-epcis.ts';
import type { DecodeEpcisOptions } from './decode-epcis-options.ts';
import type { EpcisConnector } from './epcis-connector.ts';

/** One capturing source: its bearer token(s) and how its documents are read. */
export interface EpcisSource extends Omit<DecodeEpcisOptions, 'source'> {
  /** The bearer token the source presents; several while one is being rotated. */
  readonly token: string | readonly string[];
  /** The source's connector (its health is updated per capture), if it has one. */
  readonly connector?: EpcisConnector | undefined;
}

export interface EpcisCaptureOptions {
  readonly sink: InboundSink;
  readonly sources: ReadonlyMap<string, EpcisSource>;
  readonly now: () => Date;
  /** Keeps every refused request: bad or missing token, unsupported media type, malformed document or event. */
  readonly recordRejection: (rejection: ConnectorRejection) => Promise<void>;
  /** Largest document accepted, in bytes (default 4 MiB). */
  readonly bodyLimit?: number | undefined;
  /** Capture jobs remembered for `GET …/capture/:captureID` (default 1,000, oldest forgotten first). */
  readonly jobsKept?: number | undefined;
}

/** The EPCIS 2.0 capture job, as `GET /capture/{captureID}` shows it. */
export interface CaptureJob {
  readonly captureID: string;
  readonly createdAt: string;
  readonly finishedAt: string;
  readonly running: false;
  readonly success: boolean;
  readonly captureErrorBehaviour: 'rollback' | 'proceed';
  readonly errors: readonly Problem[];
}

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MEDIA = new Set(['application/json', 'application/ld+json']);
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const BEHAVIOUR_HEADER = 'gs1-capture-error-behaviour';

type Ctx = { readonly source: string; readonly conf: EpcisSource; readonly receivedAt: string };

/**
 * `POST /epcis/:source/capture` — the EPCIS 2.0 REST binding's capture endpoint for one source
 * (docs/connectors/epcis.md, "Transport"): an EPCISDocument (or EPCISQueryDocument) as
 * `application/json` or `application/ld+json`, authorised by the source's bearer token (compared
 * in constant time). 202 = captured, with the capture id (the SHA-256 of source and body, so the
 * same document sent again is the same capture and its events the same harmless duplicates);
 * 400 = not an EPCIS document, or — under the default `GS1-Capture-Error-Behaviour: rollback` —
 * a malformed event (nothing captured; `proceed` captures the others); 401 = no or bad token;
 * 415 = another media type; 503 = the hub could not store it, send again. Every refusal, and
 * every event refused on its own (unmapped step, unknown location), goes to the rejection log.
 * `GET /epcis/:source/capture/:captureID` shows the job. Encapsulated: its parser touches no other route.
 */
export function epcisCaptureRoutes(opts: EpcisCaptureOptions): FastifyPluginAsync {
  const bodyLimit = opts.bodyLimit ?? 4 * 1024 * 1024;
  const keep = opts.jobsKept ?? 1000;
  const jobs = new Map<string, CaptureJob>();
  const authorised = new WeakMap<FastifyRequest, Ctx>();
  const record = (r: Omit<ConnectorRejection, 'dialect'>): Promise<void> => opts.recordRejection({ ...r, dialect: 'epcis' });

  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    app.setErrorHandler(async (err: { statusCode?: number; message: string }, request, reply) => {
      const status = err.statusCode ?? 500;
      if (status >= 500) request.log.error({ err }, 'epcis capture failed');
      const ctx = authorised.get(request);
      if (ctx && status === 413) {
        await record({ source: ctx.source, code: 'MALFORMED_MESSAGE', reason: 'body_too_large', message: err.message, remote: request.ip, receivedAt: ctx.receivedAt });
      }
      return sendProblem(reply, request, status, 'MALFORMED_MESSAGE', status >= 500 ? 'the capture could not be handled' : err.message, []);
    });

    /** Authorisation before the body is read: an unauthorised sender never gets a document parsed. */
    const authorise = async (request: FastifyRequest<{ Params: { source: string } }>, reply: FastifyReply) => {
      const { source } = request.params;
      const receivedAt = opts.now().toISOString();
      const conf = SOURCE.test(source) ? opts.sources.get(source) : undefined;
      const offered = /^Bearer\s+(\S+)\s*$/i.exec(header(request, 'authorization') ?? '')?.[1];
      const reason = conf === undefined ? 'unknown_source' : offered === undefined ? 'token_missing' : tokenMatches(conf.token, offered) ? null : 'token_mismatch';
      if (reason === null && conf !== undefined) {
        authorised.set(request, { source, conf, receivedAt });
        return;
      }
      const message = { unknown_source: 'no token is configured for this source', token_missing: 'the Authorization: Bearer <token> header is missing', token_mismatch: 'the bearer token does not match' }[reason ?? 'token_mismatch'];
      await record({ source: source.slice(0, 64), code: 'CREDENTIALS_INVALID', reason: reason ?? 'token_mismatch', message, location: request.url, remote: request.ip, receivedAt });
      conf?.connector?.tracker.error(new Error(`CREDENTIALS_INVALID: ${message}`));
      reply.header('www-authenticate', `Bearer realm="stockmesh-epcis"${offered === undefined ? '' : ', error="invalid_token"'}`);
      return sendProblem(reply, request, 401, 'CREDENTIALS_INVALID', message, []);
    };

    app.get<{ Params: { source: string; captureID: string } }>('/epcis/:source/capture/:captureID', { onRequest: authorise, config: { permission: 'public' } /* its own bearer token */, schema: { summary: 'Read an EPCIS capture job', description: "Authorised by the source's own EPCIS bearer token (docs/connectors/epcis.md)." } }, async (request, reply) => {
      const job = jobs.get(`${request.params.source}/${request.params.captureID}`);
      if (job === undefined) return sendProblem(reply, request, 404, 'NOT_FOUND', 'no capture job of that id is known (jobs are kept in memory, the newest first)', []);
      return reply.code(200).send(job);
    });

    app.post<{ Params: { source: string } }>('/epcis/:source/capture', { bodyLimit, onRequest: authorise, config: { permission: 'public' } /* its own bearer token */, schema: { summary: 'Capture an EPCIS 2.0 document', description: "Authorised by the source's own EPCIS bearer token (docs/connectors/epcis.md)." } }, async (request, reply) => {
      const { source, conf, receivedAt } = authorised.get(request) as Ctx;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const text = raw.toString('utf8');
      const captureID = `cap_${createHash('sha256').update(`${source}\n`).update(raw).digest('hex').slice(0, 32)}`;
      const refuse = async (status: number, reason: string, message: string, problems: readonly Problem[]) => {
        await record({ source, code: 'MALFORMED_MESSAGE', reason, message, location: `capture ${captureID}`, payload: text, remote: request.ip, receivedAt });
        conf.connector?.tracker.error(new Error(`MALFORMED_MESSAGE: ${message}`));
        return sendProblem(reply, request, status, 'MALFORMED_MESSAGE', message, problems);
      };

      const media = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!MEDIA.has(media)) return refuse(415, 'unsupported_media_type', `content type "${media || '(none)'}" is neither application/json nor application/ld+json`, []);
      const behaviourHeader = (header(request, BEHAVIOUR_HEADER) ?? 'rollback').trim().toLowerCase();
      if (behaviourHeader !== 'rollback' && behaviourHeader !== 'proceed') {
        return refuse(400, 'bad_capture_behaviour', `GS1-Capture-Error-Behaviour must be rollback or proceed, not "${behaviourHeader}"`, []);
      }
      const behaviour: CaptureJob['captureErrorBehaviour'] = behaviourHeader;
      let doc: unknown;
      try {
        doc = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (err) {
        return refuse(400, 'not_json', `the body is not JSON: ${describeError(err)}`, [problem('MALFORMED_MESSAGE', `not JSON: ${describeError(err)}`, '(document)')]);
      }
      const { token: _token, connector, ...decodeOptions } = conf;
      const d = decodeEpcis(doc, { ...decodeOptions, source });
      const malformed = d.problems.filter((p) => p.code === 'MALFORMED_MESSAGE');
      if (d.documentType === null) return refuse(400, 'malformed_document', `not an EPCIS document: ${summary(d.problems)}`, d.problems);
      if (behaviour === 'rollback' && malformed.length > 0) {
        const detail = `${malformed.length} malformed event(s), nothing captured (GS1-Capture-Error-Behaviour: rollback): ${summary(malformed)}`;
        remember(jobs, keep, `${source}/${captureID}`, job(captureID, receivedAt, opts.now(), behaviour, malformed));
        return refuse(400, 'malformed_event', detail, malformed);
      }

      try {
        const local = (id: string) => `${captureID}#${id.startsWith(`${source}:`) ? id.slice(source.length + 1) : id}`;
        if (d.events.length > 0) await opts.sink.events(d.events.map((e) => ({ raw: e, location: local(e.id) })));
      } catch (err) {
        request.log.error({ err, source }, 'epcis capture not stored');
        connector?.tracker.error(err);
        return reply.code(503).header('retry-after', '5').type(PROBLEM_TYPE).send({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the hub could not store the capture; send it again', problems: [] });
      }

      const refused = d.outcomes.filter((o) => o.result === 'refused');
      for (const o of refused) {
        const mine = ofEvent(d.problems, o.index);
        await record({
          source,
          code: mine[0]?.code ?? 'UNMAPPED_CONTENT',
          reason: 'event_refused',
          message: summary(mine.length > 0 ? mine : [problem('UNMAPPED_CONTENT', o.note)]),
          location: `${captureID}#eventList[${o.index}]`,
          payload: JSON.stringify(eventAt(doc, o.index) ?? null),
          remote: request.ip,
          receivedAt,
        });
      }
      if (connector) {
        connector.tracker.delivered(d.events.length, d.events.map((e) => e.occurredAt), captureID);
        if (refused.length > 0) connector.tracker.error(new Error(`${refused.length} event(s) of ${captureID} refused: ${summary(d.problems)}`));
        await connector.persist().catch((err: unknown) => request.log.warn({ err, source }, 'connector state not saved'));
      }
      remember(jobs, keep, `${source}/${captureID}`, job(captureID, receivedAt, opts.now(), behaviour, d.problems));
      return reply
        .code(202)
        .header('location', `/epcis/${source}/capture/${captureID}`)
        .send({ captureID, ...counts(d), refused: refused.map((o) => ({ index: o.index, eventID: o.eventId, problems: ofEvent(d.problems, o.index) })) });
    });
  };
}

/** Constant-time: both sides are hashed to the same length first, and every token is compared. */
function tokenMatches(tokens: string | readonly string[], offered: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  const got = digest(offered);
  let match = false;
  for (const t of typeof tokens === 'string' ? [tokens] : tokens) if (t.length > 0 && timingSafeEqual(digest(t), got)) match = true;
  return match;
}

function counts(d: EpcisDecoded) {
  const n = (r: string) => d.outcomes.filter((o) => o.result === r).length;
  return { documentType: d.documentType, events: d.outcomes.length, movements: d.events.length, noMovement: n('no_movement'), retracted: n('retracted'), warnings: d.warnings };
}

function job(captureID: string, createdAt: string, finished: Date, behaviour: CaptureJob['captureErrorBehaviour'], errors: readonly Problem[]): CaptureJob {
  const failed = behaviour === 'rollback' && errors.some((p) => p.code === 'MALFORMED_MESSAGE');
  return { captureID, createdAt, finishedAt: finished.toISOString(), running: false, success: !failed, captureErrorBehaviour: behaviour, errors };
}

function remember(jobs: Map<string, CaptureJob>, keep: number, key: string, value: CaptureJob): void {
  jobs.delete(key);
  jobs.set(key, value);
  while (jobs.size > keep) jobs.delete(jobs.keys().next().value as string);
}

/** The raw event at `index` of a document (for the rejection log). */
function eventAt(doc: unknown, index: number): unknown {
  const at = (v: unknown, k: string): unknown => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined);
  const body = at(doc, 'epcisBody');
  const list = at(body, 'eventList') ?? at(at(at(body, 'queryResults'), 'resultsBody'), 'eventList');
  return Array.isArray(list) ? list[index] : undefined;
}

/** The problems of the event at `index` (their `where` is `eventList[i]` or `eventList[i] (<eventID>)`). */
const ofEvent = (problems: readonly Problem[], index: number): Problem[] =>
  problems.filter((p) => p.where === `eventList[${index}]` || p.where?.startsWith(`eventList[${index}] `));

const summary = (problems: readonly Problem[]): string =>
  problems.slice(0, 20).map((p) => `${p.where ?? '(document)'}: ${p.message}`).join('; ') + (problems.length > 20 ? `; … ${problems.length - 20} more` : '');

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
    problems: problems.length > 0 ? problems : [problem(code, detail)],
    instance: request.url,
  });
}

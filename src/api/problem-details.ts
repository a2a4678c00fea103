import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode, type Problem, problem, StockmeshError } from '../domain/index.ts';

/**
 * RFC 9457 problem details, the one error format of the API. `code` is a stable code of the error
 * catalogue (src/domain/errors.ts, docs/errors.md) and `problems` lists every individual problem
 * with where it is. An unexpected server error has no code and says nothing about its insides.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: ErrorCode;
  readonly problems: readonly Problem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The JSON Schema of a problem details body (used as the 4xx/5xx response schema of every route). */
export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'problems'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, where: { type: 'string' } },
      },
    },
  },
} as const;

/** HTTP status per catalogue code; codes not listed are 400 (the request is wrong). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  UNKNOWN_SOURCE: 422,
  SOURCE_NOT_ALLOWED: 422,
  UNKNOWN_WAREHOUSE: 422,
  UNKNOWN_SKU: 422,
  UNKNOWN_UNIT: 422,
  UNKNOWN_STATUS: 422,
  UNIT_INEXACT: 422,
  LOT_REQUIRED: 422,
  EXPIRY_REQUIRED: 422,
  DANGLING_REFERENCE: 422,
  ALREADY_EXISTS: 409,
  RECORD_IN_USE: 409,
  ALIAS_CONFLICT: 409,
  DUPLICATE_GTIN: 409,
  UNDECLARED_SYNONYM: 409,
  ID_REUSED: 409,
  SEQUENCE_REUSED: 409,
  STOCK_NEGATIVE: 409,
  LEDGER_TAMPERED: 500,
  HOLD_CLOSED: 409,
  OVERRIDE_REFUSED: 409,
  DEAD_LETTER_CLOSED: 409,
  CREDENTIALS_INVALID: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  RATE_LIMITED: 429,
  PASSWORD_POLICY: 422,
  USERNAME_TAKEN: 409,
  AUDIT_TAMPERED: 500,
  EXCEPTION_STATE_CONFLICT: 409,
};

export const statusOf = (code: ErrorCode): number => STATUS[code] ?? 400;

/** The problem type URI of a catalogue code: stable, not meant to be fetched (see docs/errors.md). */
export const problemType = (code: ErrorCode): string => `urn:stockmesh:error:${code}`;

export function problemOf(code: ErrorCode, detail: string, problems: readonly Problem[], status = statusOf(code)): ProblemDetails {
  return { type: problemType(code), title: ERROR_CODES[code], status, detail, code, problems };
}

/** Fastify's schema validation errors, one problem each, named by the field they concern. */
function validationProblem(err: FastifyError): ProblemDetails {
  const where = err.validationContext ?? 'request';
  const problems = (err.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    if (typeof params.additionalProperty === 'string') {
      return problem('INVALID_ARGUMENT', `unknown ${where} parameter "${params.additionalProperty}"`, params.additionalProperty);
    }
    if (typeof params.missingProperty === 'string') {
      return problem('INVALID_ARGUMENT', `${params.missingProperty} is required`, params.missingProperty);
    }
    const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.') || where;
    const message = Array.isArray(params.allowedValues) ? `must be one of ${params.allowedValues.join(', ')}` : (v.message ?? 'is invalid');
    return problem('INVALID_ARGUMENT', `${field} ${message}`, field);
  });
  const detail = problems.map((p) => p.message).join('; ') || err.message;
  return problemOf('INVALID_ARGUMENT', `invalid ${where}: ${detail}`, problems);
}

/** Turns anything thrown in a route into a problem details answer. */
export function toProblem(err: unknown): ProblemDetails {
  if (err instanceof StockmeshError) return problemOf(err.code, err.message, err.problems);
  const e = err as FastifyError;
  if (e.validation) return validationProblem(e);
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code: ErrorCode = status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT';
    return problemOf(code, e.message, [problem(code, e.message)], status);
  }
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'the hub failed to answer; the error is in its log', problems: [] };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: ProblemDetails): FastifyReply {
  return reply
    .code(p.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...p, instance: request.url });
}

/** The app's one error handler: logs server errors, answers problem+json. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(err);
  if (p.status >= 500) request.log.error({ err }, 'request failed');
  return sendProblem(reply, request, p);
}

/** Unknown routes answer 404 problem+json, naming the method and path. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const detail = `no route ${request.method} ${request.url.split('?')[0]}`;
  return sendProblem(reply, request, problemOf('NOT_FOUND', detail, [problem('NOT_FOUND', detail, 'url')]));
}

import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type AuthService, isPermission, type LoginLimits, type RoutePermission } from '../auth/index.ts';
import { type ErrorCode, problem } from '../domain/index.ts';
import type { HubMetrics } from './metrics.ts';
import { problemOf, sendProblem } from './problem-details.ts';

/** Name of the dashboard's session cookie (HttpOnly, SameSite=Strict, Path=/, Secure behind https). */
export const SESSION_COOKIE = 'sm_session';
/** Header carrying the session's CSRF token on mutating requests made with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/** How the API authenticates (AppDeps.auth). */
export interface AuthOptions {
  /** Idle time after which a dashboard session ends (sliding; default 12 h). */
  readonly sessionTtlMs?: number | undefined;
  /** Mark the session cookie Secure: true, false, or 'auto' (when the request came over https; default). */
  readonly secureCookies?: boolean | 'auto' | undefined;
  /** Failed-login limits (default 5 per IP × user name and 30 per IP, per minute). */
  readonly loginLimits?: Partial<LoginLimits> | undefined;
}

/** Counters of refusals, for the metrics endpoint and the log (`app.authStats`). */
export interface AuthStats {
  /** 401: no, unknown, expired or revoked credentials on a protected route. */
  unauthenticated: number;
  /** 403: the role lacks the route's permission. */
  forbidden: number;
  /** 403: a session request without the right CSRF token. */
  csrfRejected: number;
  /** Sign-ins refused for a wrong user name or password. */
  loginFailures: number;
  /** Sign-ins refused with 429 (too many failures). */
  loginRateLimited: number;
  /** Sessions started. */
  logins: number;
}

/** One route of the app with the permission it declares (HEAD twins of GET routes left out). */
export interface RoutePermissionEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Users, sessions and API keys (src/auth). */
    auth: AuthService;
    /** Refusal counters (401, 403, CSRF, failed and rate-limited sign-ins). */
    authStats: AuthStats;
  }
}

interface SessionRef {
  readonly token: string;
  readonly csrfToken: string;
}

const sessions = new WeakMap<FastifyRequest, SessionRef>();
const routeTables = new WeakMap<FastifyInstance, RoutePermissionEntry[]>();

/** The session a request was authenticated with (cookie token and CSRF token); undefined for API keys and anonymous calls. */
export const sessionOf = (req: FastifyRequest): SessionRef | undefined => sessions.get(req);

/** Every route of `app` with its declared permission, in registration order (after `ready()`). */
export const routePermissions = (app: FastifyInstance): readonly RoutePermissionEntry[] => routeTables.get(app) ?? [];

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Why credentials or a sign-in were refused (the `reason` label of stockmesh_auth_failures_total). */
export type AuthFailureReason = 'no_credentials' | 'bad_key' | 'not_a_key' | 'session_ended' | 'csrf' | 'bad_password' | 'rate_limited';

/** Feeds Prometheus (`app.metrics`, when the app has it): refused credentials and sign-ins by reason. */
export function countAuthFailure(app: FastifyInstance, reason: AuthFailureReason): void {
  (app as { metrics?: HubMetrics }).metrics?.authFailures.inc({ reason });
}

/** Compares a header with the expected token in constant time. */
function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function refuse(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, detail: string): FastifyReply {
  if (code === 'UNAUTHENTICATED') void reply.header('www-authenticate', 'Bearer realm="stockmesh"');
  return sendProblem(reply, req, problemOf(code, detail, [problem(code, detail)]));
}

/**
 * Authentication and authorisation for every route: registers the cookie parser, refuses at
 * start-up (`ready()`) any route that declares no `config.permission`, and on each request
 * authenticates the caller of every non-public route (`Authorization: Bearer smk_…` API key, or
 * the `sm_session` cookie), sets `request.principal` (null on public routes), and enforces the route's permission: 401 UNAUTHENTICATED without
 * valid credentials, 403 FORBIDDEN when the role lacks the permission, 403 CSRF_INVALID for a
 * mutating session request without the session's `x-csrf-token`. Every refusal is counted and
 * logged. Must be installed before any route is added.
 */
export async function installAuth(app: FastifyInstance, service: AuthService): Promise<void> {
  await app.register(cookie);
  const stats: AuthStats = { unauthenticated: 0, forbidden: 0, csrfRejected: 0, loginFailures: 0, loginRateLimited: 0, logins: 0 };
  app.decorate('auth', service);
  app.decorate('authStats', stats);
  app.decorateRequest('principal', null);

  // Routes are checked once all hooks have had their say (a plugin's own onRoute hook may declare
  // the permission of routes it adds), then refused at start-up if any still declares none.
  const added: RouteOptions[] = [];
  app.addHook('onRoute', (r) => {
    added.push(r);
  });
  app.addHook('onReady', async () => {
    const table: RoutePermissionEntry[] = [];
    const problems: string[] = [];
    for (const r of added) {
      const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD' || !added.some((o) => o !== r && o.url === r.url && (Array.isArray(o.method) ? o.method : [o.method]).includes('GET')));
      const p = r.config?.permission;
      for (const method of methods) {
        if (p === undefined) problems.push(`${method} ${r.url} declares no config.permission`);
        else if (p !== 'public' && p !== 'authenticated' && !isPermission(p)) problems.push(`${method} ${r.url} declares an unknown permission "${p}"`);
        else table.push({ method, url: r.url, permission: p });
      }
    }
    if (problems.length > 0) throw new Error(`every route must declare the permission it needs (src/auth/permissions.ts): ${problems.join('; ')}`);
    routeTables.set(app, table);
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.is404) return;
    const permission = req.routeOptions.config?.permission;
    // Public routes never look at credentials (no store I/O: liveness must not depend on the store).
    if (permission === undefined || permission === 'public') return;
    let failure: string | undefined;
    const authz = req.headers.authorization;
    const bearer = authz?.startsWith('Bearer ') ? authz.slice(7).trim() : undefined;
    if (bearer?.startsWith('smk_')) {
      req.principal = (await service.apiKey(bearer)) ?? null;
      if (!req.principal) failure = 'the API key is unknown or revoked';
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const s = await service.session(token);
        if (s) {
          req.principal = s.principal;
          sessions.set(req, { token, csrfToken: s.csrfToken });
        } else failure = 'the session has expired or was ended: sign in again';
      } else if (authz !== undefined) failure = 'the Authorization header carries no Stockmesh API key (Bearer smk_…)';
    }
    const reason: AuthFailureReason = bearer?.startsWith('smk_') ? 'bad_key' : req.cookies[SESSION_COOKIE] ? 'session_ended' : authz !== undefined ? 'not_a_key' : 'no_credentials';
    const where = `${req.method} ${req.routeOptions.url ?? req.url}`;
    const p = req.principal;
    if (!p) {
      stats.unauthenticated += 1;
      countAuthFailure(app, reason);
      req.log.warn({ route: where, ip: req.ip, reason: failure ?? 'no credentials' }, 'unauthenticated request refused');
      return refuse(req, reply, 'UNAUTHENTICATED', `${where} needs credentials: ${failure ?? 'send an API key (Authorization: Bearer smk_…) or sign in (POST /api/auth/login)'}`);
    }
    if (permission !== 'authenticated' && !p.permissions.has(permission)) {
      stats.forbidden += 1;
      (app as { metrics?: HubMetrics }).metrics?.permissionDenials.inc({ permission, role: p.role });
      req.log.warn({ route: where, ip: req.ip, principal: p.id, role: p.role, permission }, 'permission denied');
      return refuse(req, reply, 'FORBIDDEN', `${where} needs the permission ${permission}, which the role ${p.role} does not hold`);
    }
    const session = sessions.get(req);
    if (session && MUTATING.has(req.method) && !sameToken(req.headers[CSRF_HEADER], session.csrfToken)) {
      stats.csrfRejected += 1;
      countAuthFailure(app, 'csrf');
      req.log.warn({ route: where, ip: req.ip, principal: p.id }, 'CSRF token missing or wrong');
      return refuse(req, reply, 'CSRF_INVALID', `${where} made with a session cookie needs the header ${CSRF_HEADER} with the session's csrfToken (from the login or GET /api/auth/me answer)`);
    }
  });
}

/** Whether the session cookie gets the Secure flag for this request. */
export const secureCookie = (req: FastifyRequest, setting: AuthOptions['secureCookies']): boolean => (setting === undefined || setting === 'auto' ? req.protocol === 'https' : setting);

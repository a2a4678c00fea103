import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type LoginLimiter, type Principal, type User, userPrincipal } from '../../auth/index.ts';
import { problem } from '../../domain/index.ts';
import { type AuthOptions, countAuthFailure, SESSION_COOKIE, secureCookie, sessionOf } from '../auth-plugin.ts';
import { problemOf, problemSchema, sendProblem } from '../problem-details.ts';
import { changeOf, meSchema, noQuery } from './auth-schemas.ts';

export interface AuthRouteDeps {
  readonly limiter: LoginLimiter;
  readonly secureCookies: AuthOptions['secureCookies'];
}

interface LoginBody {
  readonly username: string;
  readonly password: string;
}

const me = (p: Principal, user: User | undefined, csrfToken: string | null) => ({
  user: user
    ? { id: user.id, username: user.username, displayName: user.displayName, role: user.role, warehouses: user.warehouses }
    : { id: p.id, username: p.name, displayName: p.name, role: p.role, warehouses: p.warehouses },
  permissions: [...p.permissions].sort(),
  csrfToken,
});

const responses = { 200: meSchema, '4xx': problemSchema, '5xx': problemSchema } as const;

/**
 * Sign-in for the dashboard: `POST /api/auth/login` (rate limited per IP × user name), `POST
 * /api/auth/logout`, `GET /api/auth/me`, `POST /api/auth/password` (change one's own password).
 * The answers of login and me have the same shape (docs/auth.md).
 */
export const authRoutes: FastifyPluginAsync<AuthRouteDeps> = async (app, { limiter, secureCookies }) => {
  const stats = app.authStats;
  app.post<{ Body: LoginBody }>(
    '/api/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Sign in with user name and password: sets the session cookie and answers the user, permissions and CSRF token',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
        response: responses,
      },
    },
    async (req, reply) => {
      const username = req.body.username.trim().toLowerCase();
      const wait = limiter.retryAfterMs(req.ip, username);
      if (wait > 0) {
        stats.loginRateLimited += 1;
        countAuthFailure(app, 'rate_limited');
        req.log.warn({ username, ip: req.ip }, 'sign-in rate limited');
        const s = Math.ceil(wait / 1000);
        const detail = `too many failed sign-ins for "${username}" from this address: try again in ${s} s`;
        return sendProblem(reply.header('retry-after', String(s)), req, problemOf('RATE_LIMITED', detail, [problem('RATE_LIMITED', detail, 'username')]));
      }
      const user = await app.auth.checkLogin(username, req.body.password);
      if (!user) {
        limiter.fail(req.ip, username);
        stats.loginFailures += 1;
        countAuthFailure(app, 'bad_password');
        req.log.warn({ username, ip: req.ip }, 'sign-in failed');
        const detail = 'the user name or password is wrong, or the user is disabled';
        return sendProblem(reply, req, problemOf('CREDENTIALS_INVALID', detail, [problem('CREDENTIALS_INVALID', detail)]));
      }
      limiter.succeed(req.ip, username);
      // A session cookie sent along belongs to whoever signed in before: end it (no session fixation).
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await app.auth.endSession(previous);
      const session = await app.auth.startSession(user, req.ip);
      stats.logins += 1;
      req.log.info({ username, ip: req.ip }, 'signed in');
      void reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', path: '/', secure: secureCookie(req, secureCookies) });
      return me(userPrincipal(user), user, session.csrfToken);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: { summary: 'Sign out: ends the session and clears its cookie (a no-op for API keys)', querystring: noQuery, response: { 204: { type: 'null' }, '4xx': problemSchema, '5xx': problemSchema } },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const s = sessionOf(req);
      if (s) await app.auth.endSession(s.token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie(req, secureCookies) });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { permission: 'authenticated' },
      schema: { summary: 'Who is calling: the user (or API key), its permissions and the session CSRF token', querystring: noQuery, response: responses },
    },
    async (req) => {
      const p = req.principal as Principal;
      const s = sessionOf(req);
      const user = p.kind === 'user' ? await app.auth.getUser(p.id) : undefined;
      return me(p, user, s?.csrfToken ?? null);
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/auth/password',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: "Change one's own password (signed-in users only); ends every session of the user, this one included",
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 1024 }, newPassword: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
        response: { 204: { type: 'null' }, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (req, reply) => {
      const p = req.principal as Principal;
      const fail = (detail: string) => sendProblem(reply, req, problemOf('CREDENTIALS_INVALID', detail, [problem('CREDENTIALS_INVALID', detail, 'currentPassword')]));
      if (p.kind !== 'user') return fail('an API key has no password');
      const u = await app.auth.checkLogin(p.name, req.body.currentPassword);
      if (!u || u.id !== p.id) {
        stats.loginFailures += 1;
        countAuthFailure(app, 'bad_password');
        return fail('the current password is wrong');
      }
      await app.auth.setPassword(u.id, req.body.newPassword, changeOf(req));
      void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie(req, secureCookies) });
      return reply.code(204).send();
    },
  );
};

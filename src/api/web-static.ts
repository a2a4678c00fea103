import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundHandler } from './problem-details.ts';

/** Where `npm run build:web` writes the dashboard (web/dist of the package). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface WebStaticOptions {
  /** The built dashboard's folder (default web/dist). */
  readonly root?: string | undefined;
}

/** Paths that belong to the API or the inbound endpoints: never answered with the dashboard. */
const NOT_SPA = /^\/(api|hooks|epcis|healthz|readyz|metrics|docs|openapi)(\/|$|\.)/;

/**
 * Policy for the dashboard's pages: scripts and styles from the hub only (inline style attributes
 * allowed: React and ECharts set them), data from the hub only, never framed.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves the dashboard (web/dist) at `/`: hashed assets under /assets/ cached for a year, every
 * other non-API path answered with index.html (the single-page app routes on the client; a
 * reload of /kpis?warehouse=SHA-RDC works). API-like paths that no route matched stay
 * problem+json 404s. All of it is public: the page itself holds no data, the API checks every call.
 * Without a build, `/` says how to make one.
 */
export const webStaticRoutes: FastifyPluginAsync<WebStaticOptions> = async (app, opts) => {
  const root = normalize(opts.root ?? WEB_DIST);
  const built = existsSync(join(root, 'index.html'));
  const config = { permission: 'public' as const };
  const schema = { hide: true };

  if (!built) {
    app.get('/', { config, schema }, async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Stockmesh dashboard is not built. Run `npm run build:web` (npm start does it), then reload.\nThe API is served under /api.\n'),
    );
    return;
  }

  await app.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply): FastifyReply =>
    reply.header('cache-control', 'no-cache').header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').sendFile('index.html', root, { cacheControl: false });

  app.get('/', { config, schema }, async (_req, reply) => sendIndex(reply));
  app.get<{ Params: { '*': string } }>('/*', { config, schema }, async (req: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    const path = `/${req.params['*']}`;
    if (NOT_SPA.test(path)) return notFoundHandler(req, reply);
    const rel = normalize(path).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, rel);
    if (file.startsWith(root) && rel !== '/' && isFile(file)) {
      const hashed = rel.startsWith('/assets/');
      return reply
        .header('x-content-type-options', 'nosniff')
        .sendFile(rel.slice(1), root, hashed ? { immutable: true, maxAge: 31_536_000_000 } : { maxAge: 3_600_000 });
    }
    // a missing hashed asset is a 404, not the app (a stale tab must not parse HTML as script)
    if (rel.startsWith('/assets/')) return notFoundHandler(req, reply);
    return sendIndex(reply);
  });
};

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/index.ts';
import { type Hub, openHub } from '../src/hub/index.ts';

/**
 * Serving the dashboard (src/api/web-static.ts, docs/dashboard.md "Build and develop"): the page
 * at `/` and at any client route, hashed assets cached for good, API paths never answered with the
 * page, nothing outside the build folder, and a clear 503 when there is no build.
 */
const dist = mkdtempSync(join(tmpdir(), 'stockmesh-dist-'));
const empty = mkdtempSync(join(tmpdir(), 'stockmesh-nodist-'));
let hub: Hub;
let app: FastifyInstance;
let bare: FastifyInstance;

describe('the dashboard served by the hub', () => {
  before(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Stockmesh</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    hub = await openHub({ dataDir: 'data', databaseUrl: undefined, natsUrl: undefined, host: '127.0.0.1', port: 0 }, { sqliteFile: ':memory:' });
    app = await buildApp({ hub, web: { root: dist } });
    bare = await buildApp({ hub, web: { root: empty } });
  });
  after(async () => {
    await app.close();
    await bare.close();
    await hub.close();
    rmSync(dist, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  test('/ and every client route answer the page, without credentials, not cached, with a content security policy', async () => {
    for (const url of ['/', '/kpis?warehouse=SHA-RDC', '/orders/ORD-1', '/exceptions']) {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /^text\/html/, url);
      assert.match(r.body, /<div id="root">/, url);
      assert.equal(r.headers['cache-control'], 'no-cache', url);
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/, url);
    }
  });

  test('hashed assets are cached for a year; other files for an hour; a missing asset is a 404, not the page', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match(String(js.headers['cache-control']), /max-age=31536000.*immutable/);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.match(String(icon.headers['cache-control']), /max-age=3600/);
    const gone = await app.inject({ method: 'GET', url: '/assets/index-old.js' });
    assert.equal(gone.statusCode, 404);
    assert.match(String(gone.headers['content-type']), /^application\/problem\+json/);
  });

  test('API and inbound paths no route matched stay problem+json 404s', async () => {
    for (const url of ['/api/nothing-here', '/api', '/hooks/none/x', '/epcis/x/y/z']) {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404, url);
      assert.equal(r.json().code, 'NOT_FOUND', url);
    }
  });

  test('nothing outside the build folder is served', async () => {
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/assets/../../package.json']) {
      const r = await app.inject({ method: 'GET', url });
      assert.ok(!r.body.includes('"dependencies"'), `${url} leaked a file`);
    }
  });

  test('without a build, / says how to make one (503)', async () => {
    const r = await bare.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 503);
    assert.match(r.body, /npm run build:web/);
  });
});

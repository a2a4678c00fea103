import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/api/index.ts';
import { type Hub, type HubConfig, openHub } from '../src/hub/index.ts';
import { type DemoSeedResult, seedDemo } from '../src/sim/index.ts';

/** The clock of every API test: the demo's lots and expiry dates are computed from it. */
export const NOW = new Date('2026-11-25T08:00:00Z');

export interface ApiContext {
  readonly app: FastifyInstance;
  readonly hub: Hub;
  readonly seed: DemoSeedResult;
  /** An admin API key (`smk_…`) made for the suite; `get()` and `send()` send it unless told otherwise. */
  readonly adminKey: string;
}

/** Headers `get()` and `send()` add to each request of an app (its admin key). */
const defaultHeaders = new WeakMap<FastifyInstance, Record<string, string>>();

/**
 * Creates an admin API key on `app` (once per app) and makes `get()`/`send()` send it by default;
 * answers its headers, for tests calling `app.inject` themselves.
 */
export async function useAdminKey(app: FastifyInstance): Promise<Record<string, string>> {
  const known = defaultHeaders.get(app);
  if (known) return known;
  const { secret } = await app.auth.createKey({ label: 'test-admin', role: 'admin' }, 'test');
  const headers = { authorization: `Bearer ${secret}` };
  defaultHeaders.set(app, headers);
  return headers;
}

/** Headers of a new API key of `role` (scoped with `warehouses`/`source` when given). */
export async function keyHeaders(app: FastifyInstance, role: string, scope: { warehouses?: string[]; source?: string } = {}): Promise<Record<string, string>> {
  const { secret } = await app.auth.createKey({ label: `test-${role}`, role, warehouses: scope.warehouses ?? null, source: scope.source ?? null }, 'test');
  return { authorization: `Bearer ${secret}` };
}

/** Signs in through `POST /api/auth/login`: headers carrying the session cookie and the CSRF token. */
export async function sessionHeaders(app: FastifyInstance, username: string, password: string): Promise<Record<string, string>> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login as ${username}: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'sm_session');
  return { cookie: `sm_session=${cookie?.value ?? ''}`, 'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken };
}

/** The app's default headers merged with `headers`; an `authorization` or `cookie` given (even '') replaces the default credentials. */
function withDefaults(app: FastifyInstance, headers: Record<string, string>): Record<string, string> {
  const own = Object.keys(headers).some((k) => ['authorization', 'cookie'].includes(k.toLowerCase()));
  const merged = own ? { ...headers } : { ...(defaultHeaders.get(app) ?? {}), ...headers };
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];
  return merged;
}

interface StoreCase {
  readonly name: string;
  readonly skip: string | false;
  open(): Promise<{ hub: Hub; cleanup: () => Promise<void> }>;
}

const config = (databaseUrl: string | undefined): HubConfig => ({ dataDir: 'data', databaseUrl, natsUrl: undefined, host: '127.0.0.1', port: 0 });

const sqlite: StoreCase = {
  name: 'SQLite',
  skip: false,
  async open() {
    const hub = await openHub(config(undefined), { sqliteFile: ':memory:', now: () => NOW });
    return { hub, cleanup: async () => {} };
  },
};

let pgSuites = 0;
const postgres: StoreCase = {
  name: 'PostgreSQL',
  skip: process.env.DATABASE_URL ? false : 'DATABASE_URL not set: PostgreSQL suite skipped',
  async open() {
    const url = process.env.DATABASE_URL as string;
    const schema = `test_api_${process.pid}_${pgSuites++}`;
    const hub = await openHub(config(url), { pgSchema: schema, now: () => NOW });
    const cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    };
    return { hub, cleanup };
  },
};

/**
 * Runs `body` as one suite per store: against an in-memory SQLite hub, and against PostgreSQL
 * (own schema, dropped afterwards) when DATABASE_URL is set. Each hub is seeded with the demo.
 */
export function describeOnStores(title: string, body: (ctx: () => ApiContext) => void): void {
  for (const store of [sqlite, postgres]) {
    describe(`${title} [${store.name}]`, { skip: store.skip }, () => {
      let ctx: ApiContext | undefined;
      let cleanup: (() => Promise<void>) | undefined;
      before(async () => {
        const opened = await store.open();
        cleanup = opened.cleanup;
        const seed = await seedDemo(opened.hub, NOW);
        const app = await buildApp({ hub: opened.hub });
        const adminKey = (await useAdminKey(app)).authorization?.slice('Bearer '.length) ?? '';
        ctx = { app, hub: opened.hub, seed, adminKey };
      });
      after(async () => {
        await ctx?.app.close();
        await ctx?.hub.close();
        await cleanup?.();
      });
      body(() => {
        if (!ctx) throw new Error('suite not set up');
        return ctx;
      });
    });
  }
}

/** GET through app.inject with the app's admin key (or `headers`), parsed. */
export async function get<T = unknown>(app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: T }> {
  const r = await app.inject({ method: 'GET', url, headers: withDefaults(app, headers) });
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body: r.json<T>() };
}

/**
 * Any request through app.inject with the app's admin key, JSON body in and out (the body parsed
 * when there is one). Pass `{ authorization: '' }` to send no credentials.
 */
export async function send<T = unknown>(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: T; headers: Record<string, unknown> }> {
  const r = await app.inject({ method, url, headers: withDefaults(app, headers), ...(body === undefined ? {} : { payload: body as object }) });
  const text = r.body;
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body: (text ? JSON.parse(text) : undefined) as T, headers: r.headers };
}

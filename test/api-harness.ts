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
        ctx = { app, hub: opened.hub, seed };
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

/** GET through app.inject, parsed. */
export async function get<T = unknown>(app: FastifyInstance, url: string): Promise<{ status: number; type: string; body: T }> {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body: r.json<T>() };
}

/** Any request through app.inject, JSON body in and out (the body parsed when there is one). */
export async function send<T = unknown>(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: T; headers: Record<string, unknown> }> {
  const r = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  const text = r.body;
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body: (text ? JSON.parse(text) : undefined) as T, headers: r.headers };
}

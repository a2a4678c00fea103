import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/index.ts';
import { configFromEnv, type Hub, openHub } from '../../src/hub/index.ts';
import { useAdminKey } from '../api-harness.ts';
import { receive, seedOrderNetwork } from './order-network.ts';

/**
 * The order API over an in-memory SQLite hub with the small order network and 12 cases of SKU-A at
 * WH-1, an admin key's headers, and both closed when the calling test ends.
 */
export async function orderApiOnSqlite(): Promise<{ hub: Hub; app: FastifyInstance; headers: Record<string, string> }> {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  const app = await buildApp({ hub });
  const headers = await useAdminKey(app);
  after(async () => {
    await app.close();
    await hub.close();
  });
  await seedOrderNetwork(hub);
  await receive(hub, 'WH-1', 'SKU-A', 12);
  return { hub, app, headers };
}

import { after, describe } from 'node:test';
import { configFromEnv, type Hub, openHub } from '../../src/hub/index.ts';

/** A store every contract suite runs against: embedded SQLite always, PostgreSQL when DATABASE_URL is set. */
export interface StoreUnderTest {
  readonly name: 'sqlite' | 'postgres';
  /** Opens a fresh, empty hub on this store (a new in-memory SQLite or a new PostgreSQL schema). */
  open(opts?: { now?: () => Date }): Promise<Hub>;
}

let counter = 0;

export const PG_SKIP = 'DATABASE_URL not set: PostgreSQL suite skipped (CI sets it; see .ci/run)';

/**
 * Runs `suite` once per store. The PostgreSQL run is skipped, with a message saying so, when
 * DATABASE_URL is absent; each hub it opens gets its own schema, dropped when the file ends.
 */
export function forEachStore(title: string, suite: (s: StoreUnderTest) => void): void {
  const url = process.env.DATABASE_URL;
  describe(`${title} [sqlite]`, () => {
    const hubs: Hub[] = [];
    after(async () => {
      for (const h of hubs) await h.close();
    });
    suite({
      name: 'sqlite',
      async open(opts = {}) {
        const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:', ...opts });
        hubs.push(hub);
        return hub;
      },
    });
  });
  describe(`${title} [postgres]`, { skip: url ? false : PG_SKIP }, () => {
    const hubs: { hub: Hub; schema: string }[] = [];
    after(async () => {
      for (const { hub, schema } of hubs) {
        await hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
        await hub.close();
      }
    });
    suite({
      name: 'postgres',
      async open(opts = {}) {
        const schema = `t_${process.pid}_${++counter}`;
        const hub = await openHub({ ...configFromEnv({}), databaseUrl: url }, { pgSchema: schema, ...opts });
        hubs.push({ hub, schema });
        return hub;
      },
    });
  });
}

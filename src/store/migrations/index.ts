import type { Migration } from 'kysely';
import * as core from './0001-core.ts';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0002-bus': await import('./0002-bus.ts'),
  '0003-connectors': await import('./0003-connectors.ts'),
  '0004-orders': await import('./0004-orders.ts'),
};

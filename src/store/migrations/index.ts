import type { Migration } from 'kysely';
import * as core from './0001-core.ts';

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0002-bus': await import('./0002-bus.ts'),
  '0003-connectors': await import('./0003-connectors.ts'),
  '0004-orders': await import('./0004-orders.ts'),
  '0005-auth': await import('./0005-auth.ts'),
  '0006-audit': await import('./0006-audit.ts'),
  '0007-exceptions': await import('./0007-exceptions.ts'),
  '0008-ledger-speed': await import('./0008-ledger-speed.ts'),
  '0009-positions-fillfactor': await import('./0009-positions-fillfactor.ts'),
};

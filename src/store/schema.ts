import type { AuditDatabase } from './schema/audit.ts';
import type { AuthDatabase } from './schema/auth.ts';
import type { BusDatabase } from './schema/bus.ts';
import type { ConnectorsDatabase } from './schema/connectors.ts';
import type { CoreDatabase } from './schema/core.ts';
import type { ExceptionsDatabase } from './schema/exceptions.ts';
import type { OrdersDatabase } from './schema/orders.ts';

export type * from './schema/audit.ts';
export type * from './schema/auth.ts';
export type * from './schema/bus.ts';
export type * from './schema/connectors.ts';
export type * from './schema/core.ts';
export type * from './schema/exceptions.ts';
export type * from './schema/orders.ts';

/**
 * Table types of the store, one file per area's tables in src/store/schema/. Columns are
 * snake_case as in SQL; booleans are 0/1 integers and times are ISO-8601 text on both SQLite and
 * PostgreSQL so that values (and ledger hashes) round-trip byte for byte on either database.
 *
 * A new area adds its tables in src/store/schema/<area>.ts and joins them here (`extends`); an
 * `export interface Database { … }` block added below still merges into this one.
 */
export interface Database extends CoreDatabase, BusDatabase, ConnectorsDatabase, OrdersDatabase, AuthDatabase, AuditDatabase, ExceptionsDatabase {}

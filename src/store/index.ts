export { openStore, type Store, type StoreOptions, type Dialect } from './open-store.ts';
export type { DurableBody } from './durable-commit.ts';
export type * from './schema.ts';
export { GENESIS_HASH } from './migrations/0001-core.ts';

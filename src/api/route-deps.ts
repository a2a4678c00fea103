import type { Hub } from '../hub/index.ts';

/** What every route plugin gets: the wired hub (store, master data, ledger write path). */
export interface RouteDeps {
  readonly hub: Hub;
}

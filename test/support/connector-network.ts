import type { MasterData } from '../../src/domain/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { listDeadLetters, listGaps, listPositions } from '../../src/ledger/index.ts';
import { saveMasterData } from '../../src/mdm/index.ts';
import { smallNetwork } from './small-network.ts';

/**
 * The small network plus what the connector dialects need: a third warehouse behind a SaaS WMS
 * that pushes webhooks (saas-bj, its own codes and state words), Chinese units for the ERP that
 * drops GBK files (箱 = case of 12, 盒 = box of 10), and an alias of the lot-controlled SKU for
 * the REST WMS.
 */
export const connectorNetwork: MasterData = {
  warehouses: [
    ...smallNetwork.warehouses,
    { ...(smallNetwork.warehouses[0] as MasterData['warehouses'][number]), id: 'WH-BJ', name: 'WH-BJ', region: 'north', ownerTeam: 'ops-saas-bj' },
  ],
  skus: smallNetwork.skus,
  units: [...smallNetwork.units, { sku: 'SKU-TEA', unit: '箱', factor: 12 }, { sku: 'SKU-VAX', unit: '盒', factor: 10 }],
  aliases: [
    ...smallNetwork.aliases,
    { system: 'wms-sh', code: 'VAX-1', sku: 'SKU-VAX' },
    { system: 'saas-bj', code: 'GT-100', sku: 'SKU-TEA' },
    { system: 'saas-bj', code: 'VX-9', sku: 'SKU-VAX' },
  ],
  statusMaps: [
    ...smallNetwork.statusMaps,
    { system: 'saas-bj', external: 'sellable', status: 'available' },
    { system: 'saas-bj', external: 'reserved', status: 'allocated' },
    { system: 'saas-bj', external: 'on_hold', status: 'quarantine' },
    { system: 'saas-bj', external: 'damaged', status: 'damaged' },
  ],
  sources: [...smallNetwork.sources, { id: 'saas-bj', name: 'Beijing SaaS WMS', dialect: 'webhook', warehouses: ['WH-BJ'] }],
};

export async function seedConnectorNetwork(hub: Hub): Promise<void> {
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, connectorNetwork));
  await hub.masterData.refresh();
}

/** Quantity in base units of one SKU in one status (all lots) at one warehouse. */
export async function qtyOf(hub: Hub, warehouse: string, sku: string, status = 'available', lot?: string): Promise<number> {
  const ps = await listPositions(hub.store.db, { warehouse, sku, includeZero: true });
  return ps.filter((p) => p.status === status && (lot === undefined || p.lot === lot)).reduce((s, p) => s + p.qty, 0);
}

export async function eventCount(hub: Hub, source: string): Promise<number> {
  const r = await hub.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', source)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const openGaps = (hub: Hub, source: string) => listGaps(hub.store.db, { source, open: true });
export const deadLetters = (hub: Hub, source: string) => listDeadLetters(hub.store.db, { source });

/** A promise that rejects after `ms`: bounds a wait in a test. */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it is true (or throws after `ms`). */
export async function eventually(ms: number, what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

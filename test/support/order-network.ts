import type { MasterData } from '../../src/domain/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { saveMasterData } from '../../src/mdm/index.ts';

/** Five warehouses, two SKUs and one API source: the network of the order tests. */
export function orderNetwork(warehouses = 5): MasterData {
  return {
    warehouses: Array.from({ length: warehouses }, (_, i) => ({
      id: `WH-${i + 1}`,
      name: `Warehouse ${i + 1}`,
      kind: 'regional' as const,
      region: i % 2 === 0 ? 'east' : 'west',
      lat: 30 + i,
      lon: 110 + i,
      storageClasses: ['ambient' as const],
      hazmat: false,
      dailyCapacity: 0,
      cutoffTime: '17:00',
      timeZone: 'UTC',
      ownerTeam: 'ops',
      active: true,
    })),
    skus: [
      { id: 'SKU-A', name: 'A', category: 'c', baseUnit: 'each', weightKg: 1, storageClass: 'ambient', hazmat: false, lotControlled: false, expiryControlled: false, minShelfLifeDays: 0 },
      { id: 'SKU-B', name: 'B', category: 'c', baseUnit: 'each', weightKg: 2, storageClass: 'ambient', hazmat: false, lotControlled: false, expiryControlled: false, minShelfLifeDays: 0 },
    ],
    units: [{ sku: 'SKU-A', unit: 'case', factor: 12 }],
    aliases: [],
    statusMaps: [],
    sources: [{ id: 'wms', name: 'WMS', dialect: 'api', warehouses: Array.from({ length: warehouses }, (_, i) => `WH-${i + 1}`) }],
  };
}

export async function seedOrderNetwork(hub: Hub, md: MasterData = orderNetwork()): Promise<void> {
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, md));
  await hub.masterData.refresh();
}

let n = 0;
/** A receipt (to available) through the real ingest path. */
export async function receive(hub: Hub, warehouse: string, sku: string, quantity: number): Promise<void> {
  n += 1;
  const [r] = await hub.ingestor.ingest([
    { raw: { id: `rcv-${process.pid}-${n}-${Date.now()}`, source: 'wms', occurredAt: '2026-11-25T10:00:00Z', warehouse, sku, quantity, toStatus: 'available', reason: 'receipt' } },
  ]);
  if (r?.outcome !== 'applied') throw new Error(`receipt not applied: ${JSON.stringify(r)}`);
}

/** A WMS movement for an order (available → status). */
export async function move(hub: Hub, id: string, warehouse: string, sku: string, quantity: number, orderRef: string, toStatus: string | undefined = 'allocated', fromStatus = 'available'): Promise<string> {
  const [r] = await hub.ingestor.ingest([
    { raw: { id, source: 'wms', occurredAt: '2026-11-25T11:00:00Z', warehouse, sku, quantity, fromStatus, ...(toStatus ? { toStatus } : {}), reason: 'pick', orderRef } },
  ]);
  return r?.outcome ?? 'none';
}

export const order = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  channel: 'web',
  destination: { lat: 31, lon: 111 },
  lines: [{ sku: 'SKU-A', qty: 1 }],
  promisedHours: 72,
  priority: 0,
  ...over,
});

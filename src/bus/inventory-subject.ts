/**
 * Where inventory events travel: `<prefix>.inventory.<warehouse>`, keyed by warehouse × SKU.
 * One subject per warehouse lets a consumer (or an operator with the `nats` CLI) take a subset of
 * the network, while the key carries the ordering unit the ledger needs (a pick after its receipt).
 * Characters outside a subject token's alphabet are replaced by `_`.
 */
export function inventorySubject(warehouse: string, prefix = 'stockmesh'): string {
  return `${prefix}.inventory.${warehouse.replace(/[^A-Za-z0-9_-]/g, '_') || '_'}`;
}

/** The ordering key of an inventory event. */
export function inventoryKey(warehouse: string, sku: string): string {
  return `${warehouse}|${sku}`;
}

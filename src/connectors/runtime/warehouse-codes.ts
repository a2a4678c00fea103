/**
 * The WMS's warehouse codes and the hub's warehouse ids. Without a table, the WMS is taken to
 * use the hub's ids; with one, a code it does not list is refused (never guessed).
 */
export type WarehouseCodes = Readonly<Record<string, string>>;

export function toWarehouse(code: string, codes: WarehouseCodes | undefined): string | undefined {
  if (!codes) return code;
  return Object.hasOwn(codes, code) ? codes[code] : undefined;
}

export function toWarehouseCode(warehouse: string, codes: WarehouseCodes | undefined): string | undefined {
  if (!codes) return warehouse;
  return Object.entries(codes).find(([, w]) => w === warehouse)?.[0];
}

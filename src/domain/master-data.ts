import type { CanonicalStatus } from './statuses.ts';

export const WAREHOUSE_KINDS = ['regional', 'hub', '3pl', 'cold-chain', 'hazmat', 'pharma', 'bonded', 'forward'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

export const STORAGE_CLASSES = ['ambient', 'chilled', 'frozen', 'controlled'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

export interface Warehouse {
  readonly id: string;
  readonly name: string;
  readonly kind: WarehouseKind;
  readonly region: string;
  readonly lat: number;
  readonly lon: number;
  /** Storage classes it may hold and ship. */
  readonly storageClasses: readonly StorageClass[];
  /** May hold and ship hazardous goods. */
  readonly hazmat: boolean;
  /** Most units it can ship in a day. */
  readonly dailyCapacity: number;
  /** Local order cut-off, HH:MM. */
  readonly cutoffTime: string;
  /** IANA time zone, e.g. Asia/Shanghai. */
  readonly timeZone: string;
  readonly ownerTeam: string;
  readonly escalationContact?: string | undefined;
  readonly active: boolean;
}

export interface Sku {
  readonly id: string;
  readonly gtin?: string | undefined;
  readonly name: string;
  readonly category: string;
  readonly baseUnit: string;
  readonly weightKg: number;
  readonly storageClass: StorageClass;
  readonly hazmat: boolean;
  readonly lotControlled: boolean;
  readonly expiryControlled: boolean;
  /** Lots with fewer days to expiry than this may not ship. */
  readonly minShelfLifeDays: number;
}

/** Integer conversion of one unit of one SKU to its base unit. The base unit has factor 1. */
export interface UnitConversion {
  readonly sku: string;
  readonly unit: string;
  readonly factor: number;
}

/** (source system, external code) → SKU, optionally fixing the unit the code stands for. */
export interface Alias {
  readonly system: string;
  readonly code: string;
  readonly sku: string;
  readonly unit?: string | undefined;
}

/** One external status of one source system → canonical status. */
export interface StatusMapping {
  readonly system: string;
  readonly external: string;
  readonly status: CanonicalStatus;
}

/** A source system (a WMS, an ERP, a partner) that feeds events. */
export interface SourceSystem {
  readonly id: string;
  readonly name: string;
  /** Dialect it speaks (rest-pull, webhook, file-drop, edi-x12, epcis, api). */
  readonly dialect: string;
  /** Warehouses it may report for. */
  readonly warehouses: readonly string[];
}

export interface MasterData {
  readonly warehouses: readonly Warehouse[];
  readonly skus: readonly Sku[];
  readonly units: readonly UnitConversion[];
  readonly aliases: readonly Alias[];
  readonly statusMaps: readonly StatusMapping[];
  readonly sources: readonly SourceSystem[];
}

export const emptyMasterData = (): MasterData => ({
  warehouses: [],
  skus: [],
  units: [],
  aliases: [],
  statusMaps: [],
  sources: [],
});

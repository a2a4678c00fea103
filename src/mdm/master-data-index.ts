import {
  type Alias,
  type CanonicalStatus,
  isCanonicalStatus,
  type MasterData,
  normaliseGtin,
  type Sku,
  type SourceSystem,
  type Warehouse,
} from '../domain/index.ts';

/**
 * Read-only lookups over one version of master data. Pure and in memory: built once per load,
 * consulted for every inbound message. It never guesses: a lookup that misses returns undefined.
 */
export class MasterDataIndex {
  readonly data: MasterData;
  private readonly warehouses = new Map<string, Warehouse>();
  private readonly skus = new Map<string, Sku>();
  private readonly skuByGtin = new Map<string, Sku>();
  private readonly factors = new Map<string, number>();
  private readonly aliases = new Map<string, Alias>();
  private readonly statuses = new Map<string, CanonicalStatus>();
  private readonly systemsWithStatusMap = new Set<string>();
  private readonly sources = new Map<string, SourceSystem>();

  constructor(data: MasterData) {
    this.data = data;
    for (const w of data.warehouses) this.warehouses.set(w.id, w);
    for (const s of data.skus) {
      this.skus.set(s.id, s);
      if (s.gtin) this.skuByGtin.set(normaliseGtin(s.gtin), s);
      this.factors.set(`${s.id}\u0000${s.baseUnit}`, 1);
    }
    for (const u of data.units) this.factors.set(`${u.sku}\u0000${u.unit}`, u.factor);
    for (const a of data.aliases) this.aliases.set(`${a.system}\u0000${a.code}`, a);
    for (const m of data.statusMaps) {
      this.statuses.set(`${m.system}\u0000${m.external}`, m.status);
      this.systemsWithStatusMap.add(m.system);
    }
    for (const s of data.sources) this.sources.set(s.id, s);
  }

  warehouse(id: string): Warehouse | undefined {
    return this.warehouses.get(id);
  }

  sku(id: string): Sku | undefined {
    return this.skus.get(id);
  }

  source(id: string): SourceSystem | undefined {
    return this.sources.get(id);
  }

  /** The alias of `code` in `system`, else the canonical SKU with that id. */
  resolveSku(system: string, code: string): { sku: Sku; unit?: string | undefined } | undefined {
    const alias = this.aliases.get(`${system}\u0000${code}`);
    if (alias) {
      const sku = this.skus.get(alias.sku);
      return sku ? { sku, unit: alias.unit } : undefined;
    }
    const sku = this.skus.get(code);
    return sku ? { sku } : undefined;
  }

  /** A SKU whose GTIN equals `code`: used to hint at an undeclared synonym, never to map. */
  skuWithGtin(code: string): Sku | undefined {
    return /^\d{8,14}$/.test(code) ? this.skuByGtin.get(normaliseGtin(code)) : undefined;
  }

  /** Integer factor of `unit` to the SKU's base unit. */
  factor(skuId: string, unit: string): number | undefined {
    return this.factors.get(`${skuId}\u0000${unit}`);
  }

  /**
   * The canonical status for `external` in `system`. A system with a status map must map every
   * status it sends; a system without one is taken to speak the canonical statuses directly.
   */
  resolveStatus(system: string, external: string): CanonicalStatus | undefined {
    const mapped = this.statuses.get(`${system}\u0000${external}`);
    if (mapped) return mapped;
    if (!this.systemsWithStatusMap.has(system) && isCanonicalStatus(external)) return external;
    return undefined;
  }

  hasStatusMap(system: string): boolean {
    return this.systemsWithStatusMap.has(system);
  }
}

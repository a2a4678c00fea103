import { type MasterData, normaliseGtin } from '../domain/index.ts';

/** Two SKUs carry the same GTIN: one item known under two canonical codes that nobody declared. */
export interface DuplicateGtinConflict {
  readonly kind: 'duplicate-gtin';
  /** The GTIN as GTIN-14. */
  readonly gtin: string;
  readonly skus: readonly string[];
  readonly message: string;
}

/** An alias code is the GTIN or canonical id of a different SKU than the one it maps to. */
export interface UndeclaredSynonymConflict {
  readonly kind: 'undeclared-synonym';
  readonly system: string;
  readonly code: string;
  /** The SKU the alias maps to. */
  readonly sku: string;
  /** The other SKU whose GTIN or id the code is. */
  readonly otherSku: string;
  readonly via: 'gtin' | 'id';
  readonly message: string;
}

/** One external code means different SKUs in different systems: legitimate, but worth knowing. */
export interface HomonymConflict {
  readonly kind: 'homonym';
  readonly code: string;
  /** Every (system → SKU) mapping of the code, sorted by system. */
  readonly mappings: readonly { readonly system: string; readonly sku: string }[];
  readonly message: string;
}

export type Conflict = DuplicateGtinConflict | UndeclaredSynonymConflict | HomonymConflict;
export type ConflictKind = Conflict['kind'];

/** Whether a code could be a GTIN, compared with the SKUs' GTINs (as MasterDataIndex does). */
const looksLikeGtin = (code: string): boolean => /^\d{8,14}$/.test(code);

/**
 * Every conflict in one version of master data, sorted by kind and then by code. Pure. Duplicate
 * GTINs and undeclared synonyms are errors when an import would create them; homonyms are
 * warnings, since two systems may well reuse the same code for different items.
 */
export function findConflicts(md: MasterData): Conflict[] {
  const out: Conflict[] = [];
  const byGtin = new Map<string, string[]>();
  for (const s of md.skus) {
    if (!s.gtin) continue;
    const g = normaliseGtin(s.gtin);
    byGtin.set(g, [...(byGtin.get(g) ?? []), s.id]);
  }
  for (const [gtin, skus] of [...byGtin].sort(([a], [b]) => cmp(a, b))) {
    if (skus.length < 2) continue;
    const ids = [...skus].sort(cmp);
    const message = `SKUs ${ids.join(', ')} ${ids.length === 2 ? 'both' : 'all'} carry GTIN ${gtin}: one item under ${ids.length} canonical codes; keep one SKU and declare the other codes as aliases`;
    out.push({ kind: 'duplicate-gtin', gtin, skus: ids, message });
  }

  const skuIds = new Set(md.skus.map((s) => s.id));
  const synonyms: UndeclaredSynonymConflict[] = [];
  for (const a of md.aliases) {
    const base = { kind: 'undeclared-synonym' as const, system: a.system, code: a.code, sku: a.sku };
    if (a.code !== a.sku && skuIds.has(a.code)) {
      const message = `alias ${a.system}/${a.code} maps to SKU ${a.sku}, but ${a.code} is the canonical id of another SKU`;
      synonyms.push({ ...base, otherSku: a.code, via: 'id', message });
      continue;
    }
    if (!looksLikeGtin(a.code)) continue;
    for (const other of byGtin.get(normaliseGtin(a.code)) ?? []) {
      if (other === a.sku) continue;
      const message = `alias ${a.system}/${a.code} maps to SKU ${a.sku}, but ${a.code} is the GTIN of SKU ${other}`;
      synonyms.push({ ...base, otherSku: other, via: 'gtin', message });
    }
  }
  out.push(...synonyms.sort((x, y) => cmp(x.code, y.code) || cmp(x.system, y.system) || cmp(x.otherSku, y.otherSku)));

  const byCode = new Map<string, { system: string; sku: string }[]>();
  for (const a of md.aliases) byCode.set(a.code, [...(byCode.get(a.code) ?? []), { system: a.system, sku: a.sku }]);
  for (const [code, mappings] of [...byCode].sort(([a], [b]) => cmp(a, b))) {
    if (new Set(mappings.map((m) => m.sku)).size < 2) continue;
    const sorted = [...mappings].sort((x, y) => cmp(x.system, y.system));
    const message = `code ${code} means different SKUs in different systems: ${sorted.map((m) => `${m.system} → ${m.sku}`).join(', ')}`;
    out.push({ kind: 'homonym', code, mappings: sorted, message });
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

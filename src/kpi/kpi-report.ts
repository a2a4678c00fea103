import { StockmeshError } from '../domain/index.ts';
import type { Hub } from '../hub/index.ts';
import { computeKpis, FORMULAS } from './compute-kpis.ts';
import { type KpiDefinition, KPI_DEFINITIONS, definitionOf } from './kpi-definitions.ts';
import { DAY_MS } from './kpi-math.ts';
import type { KpiFacts, KpiKey, KpiSet, KpiValue, KpiWarehouse } from './kpi-types.ts';
import { loadKpiFacts } from './load-kpi-facts.ts';
import { restrictFacts } from './restrict-facts.ts';

export const GROUP_BYS = ['warehouse', 'region', 'category', 'day'] as const;
export type KpiGroupBy = (typeof GROUP_BYS)[number];

/** Longest range `groupBy=day` splits. */
export const MAX_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

/** What the caller asks for (docs/kpis.md, "API"). */
export interface KpiRequest {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly warehouses?: readonly string[] | undefined;
  readonly region?: string | undefined;
  readonly category?: string | undefined;
  /** Warehouses the caller may see; null = all. */
  readonly scope: ReadonlySet<string> | null;
  readonly now: Date;
}

export interface KpiFilters {
  readonly warehouses: readonly string[] | null;
  readonly region: string | null;
  readonly category: string | null;
}

export interface KpiRange {
  readonly from: string;
  readonly to: string;
}

export interface KpiSummary {
  readonly range: KpiRange;
  readonly filters: KpiFilters;
  readonly generatedAt: string;
  readonly definitions: readonly KpiDefinition[];
  readonly network: { readonly kpis: KpiSet };
  readonly warehouses: readonly { readonly warehouse: string; readonly name: string; readonly region: string; readonly kpis: KpiSet }[];
}

export interface KpiBreakdownRow {
  readonly group: string;
  readonly label: string;
  readonly value: KpiValue;
}

export interface KpiBreakdown {
  readonly kpi: KpiKey;
  readonly definition: KpiDefinition;
  readonly range: KpiRange;
  readonly filters: KpiFilters;
  readonly groupBy: KpiGroupBy;
  readonly network: KpiValue;
  readonly rows: readonly KpiBreakdownRow[];
}

const bad = (message: string, where: string): StockmeshError => new StockmeshError('INVALID_ARGUMENT', message, [{ code: 'INVALID_ARGUMENT', message, where }]);

function parseTime(s: string, where: string): Date {
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime())) throw bad(`${where} must be an ISO-8601 date-time, got "${s}"`, where);
  return d;
}

interface Prepared {
  readonly facts: KpiFacts;
  readonly range: KpiRange;
  readonly filters: KpiFilters;
  readonly categories: ReadonlySet<string> | null;
  readonly visible: readonly KpiWarehouse[];
  readonly allCategories: readonly string[];
}

/** Checks the request, works out the warehouses in view and reads the facts once. */
async function prepare(hub: Hub, r: KpiRequest): Promise<Prepared> {
  const to = r.to === undefined ? r.now : parseTime(r.to, 'to');
  const from = r.from === undefined ? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : parseTime(r.from, 'from');
  if (from.getTime() >= to.getTime()) throw bad(`from (${from.toISOString()}) must be before to (${to.toISOString()})`, 'from');
  const md = await hub.masterData.current();
  const canSee = (id: string): boolean => r.scope === null || r.scope.has(id);
  const asked = r.warehouses && r.warehouses.length > 0 ? [...new Set(r.warehouses)] : null;
  if (asked) {
    const missing = asked.filter((w) => !md.warehouse(w) || !canSee(w));
    if (missing.length > 0) {
      throw new StockmeshError(
        'NOT_FOUND',
        `warehouse ${missing.join(', ')} not found`,
        missing.map((w) => ({ code: 'NOT_FOUND', message: `warehouse "${w}" not found`, where: 'warehouse' })),
      );
    }
  }
  const regions = [...new Set(md.data.warehouses.map((w) => w.region))].sort();
  if (r.region !== undefined && !regions.includes(r.region)) throw bad(`region "${r.region}" is not a warehouse region (known: ${regions.join(', ')})`, 'region');
  const allCategories = [...new Set(md.data.skus.map((s) => s.category))].sort();
  if (r.category !== undefined && !allCategories.includes(r.category)) throw bad(`category "${r.category}" is not a SKU category (known: ${allCategories.join(', ')})`, 'category');
  const visible = md.data.warehouses
    .filter((w) => canSee(w.id) && (asked === null || asked.includes(w.id)) && (r.region === undefined || w.region === r.region))
    .map((w) => ({ id: w.id, name: w.name, region: w.region }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const includeUnplaced = r.scope === null && asked === null && r.region === undefined;
  const facts = await loadKpiFacts(hub, { from, to, now: r.now, warehouses: visible, includeUnplaced });
  return {
    facts,
    range: { from: from.toISOString(), to: to.toISOString() },
    filters: { warehouses: asked, region: r.region ?? null, category: r.category ?? null },
    categories: r.category === undefined ? null : new Set([r.category]),
    visible,
    allCategories: r.category === undefined ? allCategories : [r.category],
  };
}

/** Every KPI for the network in view and per warehouse. */
export async function kpiSummary(hub: Hub, r: KpiRequest): Promise<KpiSummary> {
  const p = await prepare(hub, r);
  const network = computeKpis(restrictFacts(p.facts, { warehouses: new Set(p.visible.map((w) => w.id)), categories: p.categories, includeUnplaced: p.facts.includeUnplaced }));
  return {
    range: p.range,
    filters: p.filters,
    generatedAt: r.now.toISOString(),
    definitions: KPI_DEFINITIONS,
    network: { kpis: network },
    warehouses: p.visible.map((w) => ({
      warehouse: w.id,
      name: w.name,
      region: w.region,
      kpis: computeKpis(restrictFacts(p.facts, { warehouses: new Set([w.id]), categories: p.categories, includeUnplaced: false })),
    })),
  };
}

const STOCK_NOW: ReadonlySet<KpiKey> = new Set(['aged-stock', 'expiring-stock']);

/** One KPI for the network in view and broken down by warehouse, region, category or UTC day. */
export async function kpiBreakdown(hub: Hub, key: KpiKey, groupBy: KpiGroupBy, r: KpiRequest): Promise<KpiBreakdown> {
  if (groupBy === 'day' && STOCK_NOW.has(key)) throw bad(`${key} describes today's stock only: groupBy=day is not available for it`, 'groupBy');
  if (groupBy === 'day' && r.from !== undefined && r.to !== undefined) {
    const days = (Date.parse(r.to) - Date.parse(r.from)) / DAY_MS;
    if (days > MAX_DAYS) throw bad(`groupBy=day covers at most ${MAX_DAYS} days; the range has ${Math.ceil(days)}`, 'from');
  }
  const p = await prepare(hub, r);
  const fn = FORMULAS[key];
  const all = new Set(p.visible.map((w) => w.id));
  const network = fn(restrictFacts(p.facts, { warehouses: all, categories: p.categories, includeUnplaced: p.facts.includeUnplaced }));
  let rows: KpiBreakdownRow[];
  switch (groupBy) {
    case 'warehouse':
      rows = p.visible.map((w) => ({ group: w.id, label: w.name, value: fn(restrictFacts(p.facts, { warehouses: new Set([w.id]), categories: p.categories, includeUnplaced: false })) }));
      break;
    case 'region': {
      const regions = [...new Set(p.visible.map((w) => w.region))].sort();
      rows = regions.map((region) => ({
        group: region,
        label: region,
        value: fn(restrictFacts(p.facts, { warehouses: new Set(p.visible.filter((w) => w.region === region).map((w) => w.id)), categories: p.categories, includeUnplaced: false })),
      }));
      break;
    }
    case 'category':
      rows = p.allCategories.map((c) => ({ group: c, label: c, value: fn(restrictFacts(p.facts, { warehouses: all, categories: new Set([c]), includeUnplaced: p.facts.includeUnplaced })) }));
      break;
    case 'day': {
      const days = Math.ceil((p.facts.to - p.facts.from) / DAY_MS);
      if (days > MAX_DAYS) throw bad(`groupBy=day covers at most ${MAX_DAYS} days; the range has ${days}`, 'from');
      rows = [];
      for (let start = Math.floor(p.facts.from / DAY_MS) * DAY_MS; start < p.facts.to; start += DAY_MS) {
        const from = Math.max(start, p.facts.from);
        const to = Math.min(start + DAY_MS, p.facts.to);
        const day = new Date(start).toISOString().slice(0, 10);
        rows.push({ group: day, label: day, value: fn(restrictFacts(p.facts, { warehouses: all, categories: p.categories, includeUnplaced: p.facts.includeUnplaced, from, to })) });
      }
      break;
    }
  }
  return { kpi: key, definition: definitionOf(key), range: p.range, filters: p.filters, groupBy, network, rows };
}

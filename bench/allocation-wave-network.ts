/**
 * A seeded synthetic network for the wave benchmark: warehouses spread over 10 regions (30 % also
 * chilled, 20 % hazmat, capacities around the expected load), SKUs (15 % chilled, 5 % hazmat, some with
 * a minimum shelf life) stocked in 3–8 warehouses each, some in two lots with expiry, lanes priced and
 * timed by ring distance between regions, and orders of 1–3 lines to random regions.
 */
import { parseProblem, type AllocationProblem } from '../src/allocation/index.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticWave(orders: number, warehouses: number, skus: number, seed = 42): AllocationProblem {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const regions = Array.from({ length: 10 }, (_, i) => `R${i}`);
  const day = (offset: number) => new Date(Date.UTC(2026, 10, 25) + offset * 86_400_000).toISOString().slice(0, 10);
  const ws = Array.from({ length: warehouses }, (_, i) => ({
    id: `WH-${String(i).padStart(2, '0')}`,
    region: regions[i % regions.length] as string,
    storage: r() < 0.3 ? ['ambient', 'chilled'] : ['ambient'],
    hazmat: r() < 0.2,
    capacity: Math.round(((orders * 4) / warehouses) * (0.8 + r() * 0.6)),
    handlingCostPerUnit: Math.round(r() * 5) / 10,
  }));
  const ss = Array.from({ length: skus }, (_, i) => ({
    id: `SKU-${i}`,
    weightKg: Math.round((0.1 + r() * 5) * 10) / 10,
    storage: r() < 0.15 ? 'chilled' : 'ambient',
    hazmat: r() < 0.05,
    minShelfLifeDays: r() < 0.2 ? int(5, 30) : 0,
  }));
  const stock = ss.flatMap((s) =>
    Array.from({ length: int(3, 8) }, () => {
      const w = ws[int(0, warehouses - 1)]!;
      const lots = r() < 0.3 ? 2 : 1;
      return Array.from({ length: lots }, (_, k) => ({ warehouse: w.id, sku: s.id, qty: int(0, 60), ...(lots > 1 ? { lot: `L${k}`, expiry: day(int(0, 120)) } : {}) }));
    }).flat(),
  );
  const seen = new Set<string>();
  const dedup = stock.filter((x) => {
    const key = `${x.warehouse}|${x.sku}|${'lot' in x ? x.lot : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const lanes = ws.flatMap((w, i) =>
    regions.map((to, j) => {
      const d = Math.min(Math.abs((i % 10) - j), 10 - Math.abs((i % 10) - j));
      return { from: w.id, to, fixedCost: 4 + 3 * d, costPerKg: 0.5 + 0.4 * d, transitHours: 24 + 24 * d };
    }),
  );
  const os = Array.from({ length: orders }, (_, i) => ({
    id: `O-${i}`,
    destination: regions[int(0, regions.length - 1)] as string,
    promiseHours: r() < 0.5 ? 48 : 72,
    lines: [...new Map(Array.from({ length: int(1, 3) }, () => [int(0, skus - 1), int(1, 3)] as const)).entries()].map(([s, qty]) => ({ sku: `SKU-${s}`, qty })),
  }));
  return parseProblem({
    warehouses: ws,
    skus: ss,
    stock: dedup,
    lanes,
    orders: os,
    policy: { allowSplit: true, splitPenalty: 5, latePenaltyPerHour: 0.5, unfilledPenaltyPerUnit: 200 },
    asOf: '2026-11-25',
  });
}


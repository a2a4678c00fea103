import type { AllocationProblem } from './problem-types.ts';

/** A generalized assignment instance: costs c[i][j] and resource use w[i][j] of job j at agent i, capacities b[i]. */
export interface GapInstance {
  readonly m: number;
  readonly n: number;
  readonly c: readonly (readonly number[])[];
  readonly w: readonly (readonly number[])[];
  readonly b: readonly number[];
}

/**
 * Reads OR-Library / Yagiura GAP text (integers separated by any whitespace): a multi-problem file
 * starts with the number of problems, a single-instance file directly with `m n`.
 */
export function readGapInstances(text: string, multi: boolean): GapInstance[] {
  const t = text.trim().split(/\s+/).map(Number);
  let p = 0;
  const next = () => t[p++] as number;
  const count = multi ? next() : 1;
  const out: GapInstance[] = [];
  for (let k = 0; k < count; k++) {
    const m = next();
    const n = next();
    const matrix = () => Array.from({ length: m }, () => Array.from({ length: n }, next));
    const c = matrix();
    const w = matrix();
    const b = Array.from({ length: m }, next);
    out.push({ m, n, c, w, b });
  }
  if (p !== t.length || t.some((x) => !Number.isFinite(x))) throw new Error(`GAP text: expected ${p} integers, found ${t.length}`);
  return out;
}

/**
 * The contract's mapping (docs/allocation-format.md): agent i → warehouse `W{i}` with capacity b[i];
 * job j → order `J{j}` without lines, quoting every agent with cost c[i][j] and load w[i][j]; the unfilled
 * penalty far above any cost. The plan's objective is then the GAP objective.
 */
export function gapToProblem(g: GapInstance, asOf = '2026-11-25'): AllocationProblem {
  let maxCost = 0;
  for (const row of g.c) for (const x of row) maxCost = Math.max(maxCost, x);
  const penalty = 10 ** Math.ceil(Math.log10(Math.max(10, maxCost * g.n * 10)));
  return {
    warehouses: g.b.map((b, i) => ({ id: `W${i + 1}`, storage: ['ambient'], hazmat: false, capacity: b, handlingCostPerUnit: 0, enabled: true })),
    skus: [],
    stock: [],
    lanes: [],
    orders: Array.from({ length: g.n }, (_, j) => ({
      id: `J${j + 1}`,
      lines: [],
      quotes: g.b.map((_, i) => ({ warehouse: `W${i + 1}`, cost: (g.c[i] as number[])[j] as number, load: (g.w[i] as number[])[j] as number })),
      priority: 0,
    })),
    policy: { allowSplit: false, splitPenalty: 0, latePenaltyPerHour: 0, unfilledPenaltyPerUnit: penalty },
    asOf,
  };
}

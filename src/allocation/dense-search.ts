import { type DenseAssignment, type DenseGap, denseCost, denseFeasible } from './dense-gap.ts';
import { type Rng, seededRng } from './rng.ts';

export interface DenseSearchOptions {
  readonly now: () => number;
  readonly deadline: number;
  readonly seed?: number;
  /** Stop once a feasible assignment costs at most this (a proven lower bound). */
  readonly target?: number;
  /** Stop after this many local optima without a new best (default 100 + 10 × items). */
  readonly maxStallRounds?: number;
}


const INC = 0.2;
const DEC = 0.1;
const CHAIN_LENGTH = 4;

/**
 * Weighting local search (after Yagiura, Ibaraki and Umetani's penalty-weight methods for the GAP):
 * descend on cost + Σ weight(w) × overload(w) with shift moves (an item to another warehouse or to
 * unfilled) and swap moves (an item on an overloaded warehouse exchanges warehouses with another); every
 * feasible neighbour examined may become the new best. At each local optimum the weights change: if
 * the penalised value is no better than the best feasible cost they all shrink (explore), otherwise
 * the overloaded warehouses' weights grow in proportion to their overload (repair).
 */
export function denseSearch(g: DenseGap, o: DenseSearchOptions, start: DenseAssignment): { assignment: DenseAssignment; cost: number; rounds: number } {
  const rng: Rng = seededRng(o.seed ?? 1);
  const n = g.items;
  const W = g.warehouses;
  const C = g.cost;
  const L = g.load;
  const cap = g.capacity;
  const U = g.unfilledCost;
  const cur = Int32Array.from(start);
  const used = new Float64Array(W);
  for (let j = 0; j < n; j++) {
    const w = cur[j] as number;
    if (w >= 0) used[w] = (used[w] as number) + (L[j * W + w] as number);
  }
  const best = new Int32Array(n).fill(-1);
  let bestCost = denseCost(g, best);
  let obj = denseCost(g, cur);
  if (denseFeasible(g, cur) && obj < bestCost) {
    best.set(cur);
    bestCost = obj;
  }
  const wt = new Float64Array(W);
  for (let w = 0; w < W; w++) {
    let mx = 1;
    for (let j = 0; j < n; j++) if (Number.isFinite(C[j * W + w] as number)) mx = Math.max(mx, C[j * W + w] as number);
    wt[w] = mx;
  }
  const ex = (w: number, u: number) => {
    const e = u - (cap[w] as number);
    return e > 1e-9 ? e : 0;
  };
  let plt = 0;
  const recalc = () => {
    plt = 0;
    for (let w = 0; w < W; w++) plt += (wt[w] as number) * ex(w, used[w] as number);
  };
  recalc();
  const target = o.target ?? Number.NEGATIVE_INFINITY;
  const order = Array.from({ length: n }, (_, j) => j);
  let rounds = 0;
  let checks = 0;
  const timeUp = () => (++checks & 255) === 0 && o.now() >= o.deadline;
  const record = (dobj: number, apply: () => void) => {
    best.set(cur);
    apply();
    bestCost = obj + dobj;
  };
  const maxStall = o.maxStallRounds ?? 100 + 10 * n;
  let lastBest = bestCost;
  let stall = 0;
  search: while (bestCost > target + 1e-9 && o.now() < o.deadline && stall < maxStall) {
    rounds += 1;
    stall = bestCost < lastBest - 1e-9 ? 0 : stall + 1;
    lastBest = bestCost;
    for (let q = n - 1; q > 0; q--) {
      const r = rng.int(q + 1);
      const t = order[q] as number;
      order[q] = order[r] as number;
      order[r] = t;
    }
    for (;;) {
      if (timeUp() || bestCost <= target + 1e-9) break search;
      if (shiftPass()) continue;
      if (swapPass()) continue;
      if (chainPass()) continue;
      break;
    }
    if (plt < 1e-9 && obj < bestCost - 1e-9) {
      best.set(cur);
      bestCost = obj;
    }
    if (obj + plt > bestCost - 1e-9) {
      for (let w = 0; w < W; w++) wt[w] = Math.max(1e-6, (1 - DEC) * (wt[w] as number));
    } else {
      let mx = 0;
      for (let w = 0; w < W; w++) mx = Math.max(mx, (used[w] as number) - (cap[w] as number));
      if (mx > 0) for (let w = 0; w < W; w++) wt[w] = (wt[w] as number) * (1 + (INC * Math.max(0, (used[w] as number) - (cap[w] as number))) / mx);
    }
    recalc();
  }
  return { assignment: best, cost: bestCost, rounds };

  function shiftPass(): boolean {
    for (let s = 0; s < n; s++) {
      const j = order[s] as number;
      const w1 = cur[j] as number;
      const base = j * W;
      const out = w1 < 0 ? (U[j] as number) : (C[base + w1] as number);
      const d1 = w1 < 0 ? 0 : (wt[w1] as number) * (ex(w1, (used[w1] as number) - (L[base + w1] as number)) - ex(w1, used[w1] as number));
      for (let w2 = -1; w2 < W; w2++) {
        if (w2 === w1) continue;
        const c2 = w2 < 0 ? (U[j] as number) : (C[base + w2] as number);
        if (c2 === Number.POSITIVE_INFINITY) continue;
        const dobj = c2 - out;
        const dplt = d1 + (w2 < 0 ? 0 : (wt[w2] as number) * (ex(w2, (used[w2] as number) + (L[base + w2] as number)) - ex(w2, used[w2] as number)));
        if (plt + dplt < 1e-9 && obj + dobj < bestCost - 1e-9) record(dobj, () => (best[j] = w2));
        if (dobj + dplt < -1e-9) {
          move(j, w2);
          return true;
        }
      }
    }
    return false;
  }

  function swapPass(): boolean {
    for (let s = 0; s < n; s++) {
      const j1 = order[s] as number;
      const w1 = cur[j1] as number;
      if (w1 < 0 || (used[w1] as number) <= (cap[w1] as number) + 1e-9) continue;
      const b1 = j1 * W;
      for (let j2 = 0; j2 < n; j2++) {
        const w2 = cur[j2] as number;
        if (w2 < 0 || w2 === w1) continue;
        const b2 = j2 * W;
        const c12 = C[b1 + w2] as number;
        const c21 = C[b2 + w1] as number;
        if (c12 === Number.POSITIVE_INFINITY || c21 === Number.POSITIVE_INFINITY) continue;
        const dobj = c12 + c21 - (C[b1 + w1] as number) - (C[b2 + w2] as number);
        const n1 = (used[w1] as number) - (L[b1 + w1] as number) + (L[b2 + w1] as number);
        const n2 = (used[w2] as number) - (L[b2 + w2] as number) + (L[b1 + w2] as number);
        const dplt = (wt[w1] as number) * (ex(w1, n1) - ex(w1, used[w1] as number)) + (wt[w2] as number) * (ex(w2, n2) - ex(w2, used[w2] as number));
        if (plt + dplt < 1e-9 && obj + dobj < bestCost - 1e-9) {
          record(dobj, () => {
            best[j1] = w2;
            best[j2] = w1;
          });
        }
        if (dobj + dplt < -1e-9) {
          move(j1, w2);
          move(j2, w1);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Ejection chains: an item moves to another warehouse, which then sends one of its items on (the
   * best item × destination each step), up to CHAIN_LENGTH moves; the best prefix is taken when it
   * improves. Chains start from overloaded warehouses, or, when none is, with a move that saves cost.
   */
  function chainPass(): boolean {
    const at: number[][] = Array.from({ length: W }, () => []);
    let over = false;
    for (let j = 0; j < n; j++) if ((cur[j] as number) >= 0) (at[cur[j] as number] as number[]).push(j);
    for (let w = 0; w < W; w++) if ((used[w] as number) > (cap[w] as number) + 1e-9) over = true;
    const delta = new Float64Array(W);
    const P = (w: number, add: number) => (wt[w] as number) * ex(w, (used[w] as number) + (delta[w] as number) + add);
    const js: number[] = [];
    const ts: number[] = [];
    for (let s = 0; s < n; s++) {
      const j1 = order[s] as number;
      const w1 = cur[j1] as number;
      if (w1 < 0 || (over && (used[w1] as number) <= (cap[w1] as number) + 1e-9)) continue;
      for (let w2 = 0; w2 < W; w2++) {
        const c12 = C[j1 * W + w2] as number;
        if (w2 === w1 || c12 === Number.POSITIVE_INFINITY || (!over && c12 >= (C[j1 * W + w1] as number))) continue;
        if (timeUp()) return false;
        js.length = 0;
        ts.length = 0;
        const before = P(w1, 0) + P(w2, 0);
        delta[w1] = -(L[j1 * W + w1] as number);
        delta[w2] = L[j1 * W + w2] as number;
        let dObj = c12 - (C[j1 * W + w1] as number);
        let dPlt = P(w1, 0) + P(w2, 0) - before;
        js.push(j1);
        ts.push(w2);
        let bestD = dObj + dPlt;
        let bestLen = 1;
        let feasibleBest = plt + dPlt < 1e-9 && obj + dObj < bestCost - 1e-9 ? 1 : 0;
        let r = w2;
        for (let step = 2; step <= CHAIN_LENGTH; step++) {
          let bd = Number.POSITIVE_INFINITY;
          let bj = -1;
          let bt = -1;
          let bObj = 0;
          for (const j of at[r] as number[]) {
            if (js.includes(j)) continue;
            const out = L[j * W + r] as number;
            const dr = P(r, -out) - P(r, 0);
            for (let t = 0; t < W; t++) {
              const ct = C[j * W + t] as number;
              if (t === r || ct === Number.POSITIVE_INFINITY) continue;
              const o2 = ct - (C[j * W + r] as number);
              const d = o2 + dr + P(t, L[j * W + t] as number) - P(t, 0);
              if (d < bd) {
                bd = d;
                bj = j;
                bt = t;
                bObj = o2;
              }
            }
          }
          if (bj < 0) break;
          const pr = P(r, 0) + (bt === r ? 0 : P(bt, 0));
          delta[r] = (delta[r] as number) - (L[bj * W + r] as number);
          delta[bt] = (delta[bt] as number) + (L[bj * W + bt] as number);
          dObj += bObj;
          dPlt += P(r, 0) + P(bt, 0) - pr;
          js.push(bj);
          ts.push(bt);
          if (dObj + dPlt < bestD) {
            bestD = dObj + dPlt;
            bestLen = step;
          }
          if (plt + dPlt < 1e-9 && obj + dObj < bestCost - 1e-9) feasibleBest = step;
          r = bt;
        }
        delta.fill(0);
        if (feasibleBest > 0) {
          const saved = Int32Array.from(cur);
          for (let q = 0; q < feasibleBest; q++) saved[js[q] as number] = ts[q] as number;
          best.set(saved);
          bestCost = denseCost(g, best);
        }
        if (bestD < -1e-9) {
          for (let q = 0; q < bestLen; q++) move(js[q] as number, ts[q] as number);
          return true;
        }
      }
    }
    return false;
  }

  function move(j: number, w: number): void {
    const w0 = cur[j] as number;
    if (w0 >= 0) {
      used[w0] = (used[w0] as number) - (L[j * W + w0] as number);
      obj -= C[j * W + w0] as number;
    } else obj -= U[j] as number;
    if (w >= 0) {
      used[w] = (used[w] as number) + (L[j * W + w] as number);
      obj += C[j * W + w] as number;
    } else obj += U[j] as number;
    cur[j] = w;
    recalc();
  }
}

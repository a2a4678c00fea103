/**
 * Published optima (minimisation) of the GAP instances in ../shared/benchmarks/gap, copied from its
 * README ("use as target"; [F] = fontanf/generalizedassignmentsolver data.csv). Where the optimum is
 * open the value is the best known upper bound and `lower` the best known lower bound.
 */
export interface GapTarget {
  readonly name: string;
  readonly file: string;
  /** Problem index inside a multi-problem file (0 for single-instance files). */
  readonly index: number;
  readonly optimum: number;
  readonly lower?: number;
}

const SMALL_C: Record<string, readonly number[]> = {
  gap1: [261, 269, 256, 274, 251],
  gap2: [277, 269, 260, 269, 267],
  gap3: [438, 415, 446, 430, 411],
  gap4: [423, 424, 426, 395, 406],
  gap5: [403, 389, 383, 384, 396],
  gap6: [525, 527, 519, 516, 521],
  gap7: [646, 662, 662, 645, 649],
  gap8: [797, 783, 800, 789, 792],
  gap9: [482, 476, 496, 497, 488],
  gap10: [638, 638, 654, 635, 639],
  gap11: [573, 583, 589, 578, 581],
  gap12: [974, 956, 941, 954, 945],
};

const SIZES = ['05100', '05200', '10100', '10200', '20100', '20200'] as const;
const C = [1931, 3456, 1402, 2806, 1243, 2391];
const D = [6353, 12742, 6347, 12430, 6185, 12238];
const E = [12681, 24930, 11577, 23307, 8436, 22379];

/** Every C, D and E instance with at most 20 agents and 200 jobs. */
export const GAP_TARGETS: readonly GapTarget[] = [
  ...Object.entries(SMALL_C).flatMap(([file, opts]) => opts.map((optimum, index) => ({ name: `${file}-${index}`, file: `${file}.txt`, index, optimum }))),
  ...SIZES.map((s, index) => ({ name: `c${s}`, file: 'gapc.txt', index, optimum: C[index] as number })),
  ...SIZES.map((s, index) => ({ name: `d${s}`, file: 'gapd.txt', index, optimum: D[index] as number, ...(s === '20200' ? { lower: 12235 } : {}) })),
  ...SIZES.map((s, index) => ({ name: `e${s}`, file: `e${s}`, index: 0, optimum: E[index] as number })),
];

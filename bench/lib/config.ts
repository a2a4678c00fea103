/** Sizes of a benchmark run: BENCH_QUICK=1 for a smaller one; single figures can be set by env. */
export const quick = process.env.BENCH_QUICK === '1';

export function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
}

/** Repetitions of each timed measurement (medians are taken over these). */
export const RUNS = envInt('BENCH_RUNS', 3);

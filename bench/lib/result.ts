import { writeFileSync } from 'node:fs';

/** A target from the issue: the measured median (or p99) must be ≥ or ≤ the value. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** One figure of one benchmark on one store, with its runs and what it is compared against. */
export interface Metric {
  readonly name: string;
  readonly store: string;
  readonly unit: string;
  /** Median over the runs. */
  readonly median: number;
  readonly runs: readonly number[];
  readonly p99?: number | undefined;
  /** Which of median or p99 the target applies to. */
  readonly targetOn?: 'median' | 'p99' | undefined;
  readonly target?: Target | undefined;
  /** Raw baseline measured in the same process and run, and ours ÷ it. */
  readonly baseline?: { readonly name: string; readonly median: number; readonly runs: readonly number[] } | undefined;
  readonly notes?: readonly string[] | undefined;
  /** What LIMITS.md says for the same path, for the raw-limit table. */
  readonly reference?: string | undefined;
}

export interface BenchResult {
  readonly bench: string;
  readonly metrics: readonly Metric[];
  readonly notes: readonly string[];
  /** Peak resident set of the benchmark's process, MiB. */
  readonly maxRssMiB: number;
  readonly seconds: number;
}

export function met(m: Metric): boolean | undefined {
  if (!m.target) return undefined;
  const v = m.targetOn === 'p99' ? m.p99 : m.median;
  if (v === undefined || Number.isNaN(v)) return false;
  return m.target.op === '>=' ? v >= m.target.value : v <= m.target.value;
}

export const ratio = (m: Metric): number | undefined => (m.baseline ? m.median / m.baseline.median : undefined);

export function fmt(n: number | undefined, digits = 0): string {
  if (n === undefined || Number.isNaN(n)) return '–';
  if (Math.abs(n) < 10 && digits === 0) return n.toFixed(2);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Prints the figures on stdout and, when BENCH_JSON names a file, writes them there for run-all. */
export function emit(r: BenchResult): void {
  const lines = [`== ${r.bench} (${r.seconds.toFixed(1)} s, max RSS ${fmt(r.maxRssMiB)} MiB)`];
  for (const m of r.metrics) {
    const ok = met(m);
    const q = ratio(m);
    lines.push(
      `  ${m.store.padEnd(8)} ${m.name.padEnd(34)} median ${fmt(m.median)} ${m.unit}` +
        (m.p99 !== undefined ? `  p99 ${fmt(m.p99)}` : '') +
        (m.target ? `  target ${m.target.op} ${fmt(m.target.value)} → ${ok ? 'met' : 'MISSED'}` : '') +
        (m.baseline ? `  raw ${fmt(m.baseline.median)} → ratio ${fmt(q, 2)}` : '') +
        `  runs [${m.runs.map((x) => fmt(x)).join(', ')}]`,
    );
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  process.stdout.write(lines.join('\n') + '\n');
  const out = process.env.BENCH_JSON;
  if (out) writeFileSync(out, JSON.stringify(r, null, 2));
}

/** Peak resident set so far, MiB (resourceUsage().maxRSS is in KiB). */
export const maxRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

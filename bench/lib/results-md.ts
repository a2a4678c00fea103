import { readFileSync } from 'node:fs';
import type { MachineInfo } from './machine.ts';
import { type BenchResult, fmt, met, type Metric, ratio } from './result.ts';

export interface RunSummary {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  readonly runs: number;
  readonly databaseUrl: boolean;
  readonly seconds: number;
  readonly results: readonly BenchResult[];
  /** Failures of whole benchmarks (a child that crashed), by name. */
  readonly failures: readonly { bench: string; error: string }[];
  /** 1-minute load averages sampled while each benchmark ran, by benchmark. */
  readonly load: ReadonlyMap<string, readonly number[]>;
  /** Paragraphs explaining each missed target, keyed by `bench/store`. */
  readonly explanations: ReadonlyMap<string, string>;
}

const cell = (s: string): string => s.replaceAll('|', '\\|');

function targetText(m: Metric): string {
  if (!m.target) return '–';
  return `${m.targetOn === 'p99' ? 'p99 ' : ''}${m.target.op} ${fmt(m.target.value)}`;
}

function metricRow(m: Metric): string {
  const ok = met(m);
  const q = ratio(m);
  const digits = m.median < 10 ? 3 : m.median < 100 ? 1 : 0;
  return `| ${cell(m.store)} | ${cell(m.name)} | ${fmt(m.median, digits)} ${cell(m.unit)} | ${m.p99 !== undefined ? fmt(m.p99, 3) + ' ms' : '–'} | ${targetText(m)} | ${
    ok === undefined ? '–' : ok ? '**met**' : '**missed**'
  } | ${m.baseline ? `${fmt(m.baseline.median, m.baseline.median < 10 ? 3 : 0)} (${cell(m.baseline.name)})` : '–'} | ${
    q !== undefined ? fmt(q, 2) : '–'
  } | ${m.runs.map((x) => fmt(x, x < 10 ? 3 : x < 100 ? 1 : 0)).join(', ')} |`;
}

function benchTable(r: BenchResult, load: readonly number[] | undefined): string[] {
  const lines = [
    `### ${r.bench}`,
    '',
    '| store | figure | median | p99 | target | result | raw baseline (same run) | ours ÷ raw | runs |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.metrics.map(metricRow),
    '',
  ];
  for (const m of r.metrics) for (const n of m.notes ?? []) lines.push(`- ${m.store}: ${n}`);
  for (const n of r.notes) lines.push(`- ${n}`);
  const busy = load && load.length > 0 ? `; machine load average while it ran ${fmt(Math.min(...load), 1)}–${fmt(Math.max(...load), 1)} (2 cores)` : '';
  lines.push(`- ${r.seconds.toFixed(0)} s, peak RSS of the benchmark process ${fmt(r.maxRssMiB)} MiB${busy}.`, '');
  return lines;
}

function limitsTable(r: BenchResult): string[] {
  return [
    '## Raw limits measured in this run (LIMITS.md rows)',
    '',
    'What the machine does with no Stockmesh code at all, measured again at the start of this run.',
    '',
    '| path | this run (median) | runs | LIMITS.md |',
    '| --- | --- | --- | --- |',
    ...r.metrics.map((m) => `| ${cell(m.name)} | ${fmt(m.median)} ${m.unit} | ${m.runs.map((x) => fmt(x)).join(', ')} | ${cell(m.reference ?? '–')} |`),
    '',
  ];
}

/** The whole of bench/RESULTS.md for one `npm run bench`. */
export function resultsMarkdown(s: RunSummary): string {
  const m = s.machine;
  const out = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run-all.ts) on ${m.date}${s.quick ? ' — **quick run (BENCH_QUICK=1): smaller sizes, not comparable with the targets**' : ''}.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemGiB} GiB, ${m.os}, Node ${m.node}. ` +
      `Stores: SQLite (better-sqlite3, WAL, synchronous=FULL)${s.databaseUrl ? ' and PostgreSQL (synchronous_commit=on)' : ' only (DATABASE_URL not set)'}. ` +
      `Each figure is the median of ${s.runs} runs; each benchmark ran in its own process. Whole run: ${(s.seconds / 60).toFixed(1)} min.`,
    '',
    'The machine is shared and noisy: read figures as ratios against the raw baselines measured in the same run, not as absolutes.',
    '',
  ];
  const base = s.results.find((r) => r.bench === 'baselines');
  if (base) out.push(...limitsTable(base));
  out.push('## Benchmarks', '');
  for (const r of s.results) if (r.bench !== 'baselines') out.push(...benchTable(r, s.load.get(r.bench)));
  for (const f of s.failures) out.push(`### ${f.bench}`, '', `**Failed to run:** ${cell(f.error)}`, '');
  const missed = s.results.flatMap((r) => r.metrics.filter((x) => met(x) === false).map((x) => ({ r, x })));
  out.push('## Where a target is missed, and why', '');
  if (missed.length === 0 && s.failures.length === 0) out.push('Every target was met in this run.', '');
  for (const { r, x } of missed) {
    const why = s.explanations.get(`${r.bench}/${x.store}`) ?? s.explanations.get(r.bench) ?? 'No explanation recorded.';
    out.push(`**${r.bench}, ${x.store}** — ${fmt(x.targetOn === 'p99' ? x.p99 : x.median)} against ${targetText(x)}. ${why}`, '');
  }
  return out.join('\n');
}

/** Headings `npm run bench` writes itself; every other `## ` section of RESULTS.md is someone else's. */
const GENERATED = ['## Raw limits measured in this run', '## Benchmarks', '## Where a target is missed, and why'];

/**
 * Keeps the sections of the previous RESULTS.md that `npm run bench` does not write (the wave,
 * pipeline, reserve and HTTP-load benchmarks write their own sections by hand or by their own
 * scripts) after a freshly generated head, so a full run never erases another benchmark's figures.
 */
export function withKeptSections(previous: string | undefined, generated: string): string {
  if (!previous) return generated;
  const sections = previous.split(/\n(?=## )/).slice(1);
  const kept = sections.filter((sec) => !GENERATED.some((h) => sec.startsWith(h)));
  return kept.length === 0 ? generated : `${generated.trimEnd()}\n\n${kept.map((k) => k.trimEnd()).join('\n\n')}\n`;
}

export const readIfExists = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

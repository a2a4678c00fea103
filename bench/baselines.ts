/**
 * The raw limits of LIMITS.md, measured again in this run (medians over runs): what the machine does
 * with no Stockmesh code at all. Every figure of the other benchmarks is read against these.
 */
import { rawFsync, rawPgConditionalUpdate, rawPgInsert, rawPgUnnestInsert, rawSqliteAutocommit, rawSqliteUpdates } from './lib/baselines.ts';
import { RUNS } from './lib/config.ts';
import { log } from './lib/progress.ts';
import { rawRows } from './lib/raw-rows.ts';
import { emit, maxRssMiB, type Metric } from './lib/result.ts';
import { median } from './lib/stats.ts';
import { stopwatch } from './lib/timer.ts';

const sw = stopwatch();
const metrics: Metric[] = [];

async function measure(name: string, store: string, unit: string, reference: string, f: () => number | Promise<number>): Promise<void> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await f());
  log(`${name}: ${runs.map((x) => Math.round(x)).join(', ')} ${unit}`);
  metrics.push({ name, store, unit, median: median(runs), runs, reference });
}

await measure('SQLite WAL, 1,000 UPDATEs per transaction', 'sqlite', 'updates/s', '~240,000–330,000', () => rawSqliteUpdates());
await measure('SQLite WAL autocommit, synchronous=FULL', 'sqlite', 'commits/s', '~1,500–1,750', () => rawSqliteAutocommit());
await measure('fdatasync per commit (4 KiB appended)', 'disk', 'commits/s', '~1,750', () => rawFsync());
const url = process.env.DATABASE_URL;
if (url) {
  const rows = rawRows(50_000);
  await measure('pg multi-row INSERT, 5,000 rows/txn (events-like table)', 'postgres', 'rows/s', '(not in LIMITS.md)', () => rawPgInsert(url, rows));
  await measure('pg unnest INSERT, 5,000 rows/txn (events-like table)', 'postgres', 'rows/s', '(not in LIMITS.md)', () => rawPgUnnestInsert(url, rows));
  await measure('pg conditional UPDATE, durable, 1 client', 'postgres', 'updates/s', '~800 through Node pg', () => rawPgConditionalUpdate(url));
}

emit({ bench: 'baselines', metrics, notes: [], maxRssMiB: maxRssMiB(), seconds: sw.ms() / 1000 });

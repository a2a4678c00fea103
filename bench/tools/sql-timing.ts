/**
 * Preload (`node --import tsx --import ./bench/tools/sql-timing.ts …`) that times every better-sqlite3
 * statement by its SQL text and prints the 20 costliest on exit (stderr): where a write path spends
 * its database time.
 */
import SQLite from 'better-sqlite3';

type Fn = (...a: unknown[]) => unknown;
const stats = new Map<string, { n: number; ms: number; rows: number; prepareMs: number }>();
const proto = SQLite.prototype as unknown as { prepare: (sql: string) => Record<string, Fn> };
const original = proto.prepare;

proto.prepare = function prepare(this: unknown, sql: string) {
  const key = sql.replace(/\s+/g, ' ').slice(0, 90);
  const s = stats.get(key) ?? { n: 0, ms: 0, rows: 0, prepareMs: 0 };
  stats.set(key, s);
  const t0 = performance.now();
  const st = original.call(this, sql);
  s.prepareMs += performance.now() - t0;
  for (const m of ['run', 'all', 'get']) {
    const f = (st[m] as Fn).bind(st);
    st[m] = (...a: unknown[]) => {
      const t = performance.now();
      const r = f(...a);
      s.n++;
      s.ms += performance.now() - t;
      s.rows += Array.isArray(r) ? r.length : 0;
      return r;
    };
  }
  return st;
};

process.on('exit', () => {
  const top = [...stats].sort((a, b) => b[1].ms + b[1].prepareMs - (a[1].ms + a[1].prepareMs)).slice(0, 20);
  for (const [k, s] of top) {
    console.error(`${s.ms.toFixed(0).padStart(7)} ms run ${s.prepareMs.toFixed(0).padStart(6)} ms prepare ${String(s.n).padStart(7)}× rows ${String(s.rows).padStart(9)}  ${k}`);
  }
});

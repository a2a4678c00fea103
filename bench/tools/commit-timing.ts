/**
 * Preload (`node --import tsx --import ./bench/tools/commit-timing.ts …`) that times every SQLite COMMIT
 * (the fsync of a durable commit, plus any WAL checkpoint it triggers) and prints their distribution on
 * exit (the last 700 commits): where the reserve path's tail latency comes from.
 */
import SQLite from 'better-sqlite3';
type Fn = (...a: unknown[]) => unknown;
const proto = SQLite.prototype as unknown as { prepare: (sql: string) => Record<string, Fn> };
const original = proto.prepare;
const commits: number[] = [];
proto.prepare = function prepare(this: unknown, sql: string) {
  const st = original.call(this, sql);
  if (/^\s*commit/i.test(sql)) {
    const f = (st.run as Fn).bind(st);
    st.run = (...a: unknown[]) => { const t = performance.now(); const r = f(...a); commits.push(performance.now() - t); return r; };
  }
  return st;
};
process.on('exit', () => {
  const xs = commits.slice(-700).sort((a, b) => a - b);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(2);
  process.stderr.write(`commits ${xs.length}: p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1 - 1e-9)} ms; > 10 ms: ${xs.filter((x) => x > 10).length}\n`);
});

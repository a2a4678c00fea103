/**
 * Preload (`node --import tsx --import ./bench/tools/pg-timing.ts …`) that times every pg query by
 * its SQL text (round trip as Node sees it) and prints the 15 costliest on exit (stderr).
 */
import pg from 'pg';

type Query = (this: unknown, ...a: unknown[]) => unknown;
const stats = new Map<string, { n: number; ms: number }>();
const proto = pg.Client.prototype as unknown as { query: Query };
const original = proto.query;
proto.query = function query(this: unknown, ...a: unknown[]) {
  const first = a[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  const t = performance.now();
  const r = original.apply(this, a);
  if (r instanceof Promise) {
    return r.finally(() => {
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      stats.set(key, s);
    });
  }
  return r;
};
process.on('exit', () => {
  for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.error(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(6)}×  ${k}`);
  }
});

/**
 * HTTP load against the real server (issue 5 §4): `stockmesh serve` as a child process on
 * 127.0.0.1 with a fresh data folder and the demo network (its live WMS traffic included), an
 * admin API key made in its store, then N concurrent keep-alive clients for a bounded time, in two
 * clearly separated modes:
 *
 *   - **paced** (the target's reading): each client loops request → answer → think time, the think
 *     time exponential with mean `HTTP_LOAD_THINK_MS` (100 ms: 200 clients offer ~2,000 requests/s,
 *     well inside this server's capacity). The send times are a schedule fixed in advance (each the
 *     previous one plus a fresh think time); a request whose turn came while its client was still
 *     waiting for an answer goes out at once, and every latency is measured from the **intended**
 *     send time, so a stall is charged to every request it delayed (no coordinated omission).
 *   - **saturation** (capacity): the same clients with zero think time, a closed loop — throughput is
 *     the server's capacity here, latency is then mostly queueing (Little's law: clients ÷ rate).
 *
 * In each mode: `GET /healthz` (no auth, no I/O: what the server, the loopback and this generator
 * cost with no Stockmesh work) and the mix — ~80 % `GET /api/inventory/atp` for 1–3 random SKUs,
 * ~20 % `POST /api/orders` (unique ids, quantity 1, a random city), both with the API key.
 *
 * Reports requests, errors (must be 0), expected stock refusals (409/422) apart, throughput and
 * p50/p95/p99 per kind, ATP p99 ÷ `/healthz` p99, the server's own view (its request-duration
 * histogram and event-loop delay from /metrics, over the measured phase only), the machine (cores,
 * load average) and the date. A progress line on a terminal, a summary at the end; medians over runs.
 *
 *   node --import tsx bench/http-load.ts            # or: npm run bench:http
 *   HTTP_LOAD_RUNS=3 HTTP_LOAD_THINK_MS=100 HTTP_LOAD_WRITE=1 node --import tsx bench/http-load.ts
 *
 * With HTTP_LOAD_WRITE=1 the summary replaces the "HTTP load" section of bench/RESULTS.md.
 * Extra node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, or
 * `--import tsx --import ./bench/tools/sql-timing.ts`): HTTP_LOAD_SERVER_NODE_OPTIONS; its output
 * is printed after it stopped with HTTP_LOAD_SERVER_OUTPUT=1. HTTP_LOAD_MODES=paced (or
 * saturation) runs one mode only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthService } from '../src/auth/index.ts';
import { masterDataCache } from '../src/mdm/index.ts';
import { openStore } from '../src/store/index.ts';
import { machineInfo } from './lib/machine.ts';
import { clearProgress, log } from './lib/progress.ts';
import { median, percentile } from './lib/stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const num = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const SECONDS = num('HTTP_LOAD_SECONDS', 20);
const BASELINE_SECONDS = num('HTTP_LOAD_BASELINE_SECONDS', 10);
const WARMUP_SECONDS = num('HTTP_LOAD_WARMUP_SECONDS', 5);
const SATURATION_SECONDS = num('HTTP_LOAD_SATURATION_SECONDS', 10);
const CLIENTS = num('HTTP_LOAD_CLIENTS', 200);
const RUNS = num('HTTP_LOAD_RUNS', 3);
/** Mean think time of a paced client, ms (exponential). */
const THINK_MS = num('HTTP_LOAD_THINK_MS', 100);
const MODES = new Set((process.env.HTTP_LOAD_MODES ?? 'paced,saturation').split(',').map((m) => m.trim()));
/** Share of order submits in the mix (0 = ATP only, for A/B runs of the ATP path). */
const ORDER_SHARE = Math.min(1, Math.max(0, Number(process.env.HTTP_LOAD_ORDER_SHARE ?? 0.2) || 0));
const TARGET_ATP_P99_MS = 20;

/** Destinations: the cities of the demo network (orders go to the nearest stock). */
const CITIES = [
  { lat: 31.23, lon: 121.47 },
  { lat: 23.13, lon: 113.26 },
  { lat: 39.9, lon: 116.4 },
  { lat: 30.59, lon: 114.31 },
  { lat: 30.66, lon: 104.07 },
  { lat: 22.54, lon: 114.06 },
  { lat: 31.3, lon: 120.58 },
  { lat: 1.35, lon: 103.82 },
];

type Kind = 'healthz' | 'atp' | 'order';

interface Tally {
  /** Latency from the intended send time (paced; = the actual send time in saturation), ms. */
  readonly ms: number[];
  /** Latency from the actual send time (service time at the client), ms. */
  readonly sentMs: number[];
  ok: number;
  /** 409/422 on order submits: expected stock outcomes, not errors. */
  expected: number;
  errors: number;
  readonly errorSamples: string[];
}

const tally = (): Tally => ({ ms: [], sentMs: [], ok: 0, expected: 0, errors: 0, errorSamples: [] });

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  readonly key: string;
  readonly dataDir: string;
  output(): string;
}

async function createAdminKey(dataDir: string): Promise<string> {
  const store = await openStore({ dataDir, databaseUrl: undefined });
  try {
    const auth = new AuthService({ db: store.db, masterData: masterDataCache(store.db) });
    return (await auth.createKey({ label: 'http-load', role: 'admin' }, 'bench')).secret;
  } finally {
    await store.close();
  }
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stockmesh-http-load-'));
  const key = await createAdminKey(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, STOCKMESH_DATA: dataDir, STOCKMESH_PORT: '0' };
  for (const k of ['DATABASE_URL', 'NATS_URL', 'STOCKMESH_HOST', 'STOCKMESH_CONNECTORS']) delete env[k];
  const nodeArgs = (process.env.HTTP_LOAD_SERVER_NODE_OPTIONS ?? '').split(' ').filter((x) => x !== '');
  const child = spawn(process.execPath, [...nodeArgs, 'bin/stockmesh.js', 'serve', '--host', '127.0.0.1', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${out}`)), 60_000);
    const check = setInterval(() => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${out}`));
    });
  });
  return { child, port, key, dataDir, output: () => out };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode === null) {
    const exited = new Promise((resolve) => s.child.once('exit', resolve));
    s.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
  if (process.env.HTTP_LOAD_SERVER_OUTPUT === '1') log(`server output:\n${s.output()}`);
  rmSync(s.dataDir, { recursive: true, force: true });
}

/** One request on the keep-alive agent: status and body text. */
function request(agent: http.Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

interface PhaseResult {
  readonly seconds: number;
  readonly tallies: Partial<Record<Kind, Tally>>;
}

type Req = { kind: Kind; method: string; path: string; body?: string };

/** An exponential think time with the given mean (ms). */
const think = (mean: number): number => -mean * Math.log(1 - Math.random());
const sleepUntil = (t: number): Promise<void> | undefined => {
  const d = t - performance.now();
  return d > 0 ? new Promise((r) => setTimeout(r, d)) : undefined;
};

/**
 * Runs `CLIENTS` loops for `seconds`, each picking its next request with `next`. `thinkMs` 0: a
 * closed loop (the next request as soon as the answer is read). Otherwise paced: each client's send
 * times are a schedule (previous intended send + an exponential think time), latency counts from
 * the intended send time (coordinated-omission safe), and a request whose time came while the
 * client still waited goes out as soon as the answer is in.
 */
async function phase(label: string, server: Server, agents: readonly http.Agent[], seconds: number, thinkMs: number, next: (n: number) => Req): Promise<PhaseResult> {
  const headers = { authorization: `Bearer ${server.key}`, accept: 'application/json' };
  const tallies: Partial<Record<Kind, Tally>> = {};
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  let done = 0;
  let late = 0;
  const tty = process.stderr.isTTY === true;
  const ticker = setInterval(() => {
    const el = (performance.now() - start) / 1000;
    const errs = Object.values(tallies).reduce((s, t) => s + (t?.errors ?? 0), 0);
    const line = `${label}: ${el.toFixed(0)}/${seconds} s, ${done.toLocaleString('en-US')} requests, ${Math.round(done / Math.max(el, 0.001)).toLocaleString('en-US')}/s, ${errs} errors${thinkMs > 0 ? `, ${late} sent late` : ''}, load ${loadavg()[0]?.toFixed(2)}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else if (Math.round(el) % 10 === 0) process.stderr.write(`${line}\n`);
  }, 1000);
  const client = async (i: number): Promise<void> => {
    // Closed loop: clients join over the first second (a ramp); paced: the first think time spreads them.
    let intended = thinkMs > 0 ? start + think(thinkMs) : start + (i * 1000) / CLIENTS;
    while (intended < end) {
      const wait = sleepUntil(intended);
      if (wait) await wait;
      else if (thinkMs > 0 && performance.now() - intended > 1) late++;
      const r = next(n++);
      const t = (tallies[r.kind] ??= tally());
      const sent = performance.now();
      // Closed loop: the client sends when it is ready, so intended = actual.
      // (A timer may fire up to a millisecond early: then the request did go out at `sent`.)
      const from = thinkMs > 0 ? Math.min(intended, sent) : sent;
      try {
        const res = await request(agents[i] as http.Agent, server.port, r.method, r.path, headers, r.body);
        const now = performance.now();
        t.ms.push(now - from);
        t.sentMs.push(now - sent);
        if (res.status >= 200 && res.status < 300) t.ok++;
        else if (r.kind === 'order' && (res.status === 409 || res.status === 422)) t.expected++;
        else {
          t.errors++;
          if (t.errorSamples.length < 5) t.errorSamples.push(`${res.status} ${res.text.slice(0, 200)}`);
        }
      } catch (err) {
        const now = performance.now();
        t.ms.push(now - from);
        t.sentMs.push(now - sent);
        t.errors++;
        if (t.errorSamples.length < 5) t.errorSamples.push(String(err));
      }
      done++;
      intended = thinkMs > 0 ? intended + think(thinkMs) : performance.now();
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  clearInterval(ticker);
  clearProgress();
  if (tty) process.stderr.write('\r\x1b[2K');
  return { seconds: (performance.now() - start) / 1000, tallies };
}

/** Cumulative bucket counts of a Prometheus histogram (upper bound in seconds → count), summed over matching series. */
function histogramBuckets(metrics: string, name: string, labels: Record<string, string>): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (le) {
      const b = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      buckets.set(b, (buckets.get(b) ?? 0) + v);
    }
  }
  return buckets;
}

/** Upper bound (ms) of the p-th percentile of what a histogram counted between two scrapes. */
function histogramPercentile(before: string, after: string, name: string, labels: Record<string, string>, p: number): number {
  const a = histogramBuckets(after, name, labels);
  const b = histogramBuckets(before, name, labels);
  const buckets = [...a].map(([le, c]) => [le, c - (b.get(le) ?? 0)] as const).sort((x, y) => x[0] - y[0]);
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  const bucket = buckets.find(([, c]) => c >= (p / 100) * total);
  return (bucket?.[0] ?? Number.NaN) * 1000;
}

/** The process's CPU seconds so far (prom-client's default metric). */
const cpuSeconds = (metrics: string): number => Number(/^process_cpu_seconds_total (\S+)$/m.exec(metrics)?.[1]);

interface KindFigures {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** p99 from the actual send time (paced: shows what the generator's own lateness adds). */
  readonly sentP99: number;
  readonly rps: number;
}

interface ModeFigures {
  readonly requests: number;
  readonly errors: number;
  readonly expected: number;
  /** Mixed phase, requests/s. */
  readonly throughput: number;
  readonly baselineThroughput: number;
  readonly kinds: Record<Kind, KindFigures>;
  /** Server-side p99 over the mixed phase (histogram bucket bound), ms. */
  readonly serverAtpP99: number;
  readonly serverOrderP99: number;
  /** The server's event-loop delay p99 / max over the mixed phase (prom-client resets it per scrape), ms. */
  readonly eventLoopP99: number;
  readonly eventLoopMax: number;
  /** The server process's CPU time (user + system, /metrics) over the mixed phase ÷ its requests, µs. */
  readonly serverCpuUsPerRequest: number;
  readonly errorSamples: string[];
}

interface RunFigures {
  readonly paced?: ModeFigures;
  readonly saturation?: ModeFigures;
  readonly orderStates: Record<string, number>;
  readonly load: readonly number[];
}

const stat = (t: Tally | undefined, secs: number): KindFigures => ({
  n: t?.ms.length ?? 0,
  p50: percentile(t?.ms ?? [], 50),
  p95: percentile(t?.ms ?? [], 95),
  p99: percentile(t?.ms ?? [], 99),
  sentP99: percentile(t?.sentMs ?? [], 99),
  rps: (t?.ms.length ?? 0) / secs,
});

async function oneRun(run: number): Promise<RunFigures> {
  const server = await startServer();
  try {
    const headers = { authorization: `Bearer ${server.key}` };
    const agent = new http.Agent({ keepAlive: true });
    const inv = await request(agent, server.port, 'GET', '/api/inventory?limit=1000', headers);
    if (inv.status !== 200) throw new Error(`GET /api/inventory: ${inv.status} ${inv.text}`);
    const skus = [...new Set((JSON.parse(inv.text) as { items: { sku: string; status: string; qty: number }[] }).items.filter((p) => p.status === 'available' && p.qty > 0).map((p) => p.sku))];
    agent.destroy();
    log(`run ${run}: server on 127.0.0.1:${server.port}, demo loaded, ${skus.length} SKUs in stock; ${CLIENTS} clients, think time ${THINK_MS} ms (paced)`);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
    const scrapeAgent = new http.Agent({ keepAlive: false });
    const scrape = async (): Promise<string> => (await request(scrapeAgent, server.port, 'GET', '/metrics', headers)).text;
    // One keep-alive connection per client, as 200 independent callers would hold, kept over the
    // phases and opened before anything is measured: a burst of 200 new connections against a busy
    // server waits seconds to be read (seen in the first runs), which is connection setup, not ATP.
    const agents = Array.from({ length: CLIENTS }, () => new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1, keepAliveMsecs: 60_000 }));
    const healthz = (): Req => ({ kind: 'healthz', method: 'GET', path: '/healthz' });
    await phase(`run ${run} connect`, server, agents, 2, 0, healthz);
    const runId = `${Date.now().toString(36)}-${run}`;
    const mixedRequest = (n: number): Req => {
      if (Math.random() < ORDER_SHARE) {
        const body = JSON.stringify({ id: `HL-${runId}-${n}`, destination: pick(CITIES), lines: [{ sku: pick(skus), qty: 1 }] });
        return { kind: 'order', method: 'POST', path: '/api/orders', body };
      }
      const k = 1 + Math.floor(Math.random() * 3);
      const asked = [...new Set(Array.from({ length: k }, () => pick(skus)))];
      return { kind: 'atp', method: 'GET', path: `/api/inventory/atp?sku=${asked.map(encodeURIComponent).join(',')}` };
    };
    // Warm-up, not measured: the first order loads the allocation solver and JIT-compiles the hot
    // paths, a one-off stall of the whole process that a running hub pays once, not per request.
    await phase(`run ${run} warm-up`, server, agents, WARMUP_SECONDS, THINK_MS, (n) => mixedRequest(n + 10_000_000));
    let offset = 0;
    const mode = async (name: 'paced' | 'saturation', thinkMs: number, baselineSecs: number, mixedSecs: number): Promise<ModeFigures> => {
      const baseline = await phase(`run ${run} ${name} /healthz`, server, agents, baselineSecs, thinkMs, healthz);
      const before = await scrape();
      offset += 1_000_000;
      const o = offset;
      const mixed = await phase(`run ${run} ${name} ATP/orders`, server, agents, mixedSecs, thinkMs, (n) => mixedRequest(n + o));
      const after = await scrape();
      const all = [baseline, mixed].flatMap((p) => Object.values(p.tallies)) as Tally[];
      const mixedCount = Object.values(mixed.tallies).reduce((s, t) => s + (t?.ms.length ?? 0), 0);
      const metric = 'stockmesh_http_request_duration_seconds';
      return {
        requests: all.reduce((s, t) => s + t.ms.length, 0),
        errors: all.reduce((s, t) => s + t.errors, 0),
        expected: all.reduce((s, t) => s + t.expected, 0),
        throughput: mixedCount / mixed.seconds,
        baselineThroughput: (baseline.tallies.healthz?.ms.length ?? 0) / baseline.seconds,
        kinds: { healthz: stat(baseline.tallies.healthz, baseline.seconds), atp: stat(mixed.tallies.atp, mixed.seconds), order: stat(mixed.tallies.order, mixed.seconds) },
        serverAtpP99: histogramPercentile(before, after, metric, { route: '/api/inventory/atp', status: '200' }, 99),
        serverOrderP99: histogramPercentile(before, after, metric, { route: '/api/orders', method: 'POST' }, 99),
        eventLoopP99: Number(/^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(after)?.[1]) * 1000,
        eventLoopMax: Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(after)?.[1]) * 1000,
        serverCpuUsPerRequest: ((cpuSeconds(after) - cpuSeconds(before)) * 1e6) / mixedCount,
        errorSamples: all.flatMap((t) => t.errorSamples),
      };
    };
    const paced = MODES.has('paced') ? await mode('paced', THINK_MS, BASELINE_SECONDS, SECONDS) : undefined;
    const saturation = MODES.has('saturation') ? await mode('saturation', 0, Math.max(3, BASELINE_SECONDS / 2), SATURATION_SECONDS) : undefined;
    for (const a of agents) a.destroy();
    const metrics = await scrape();
    const states: Record<string, number> = {};
    for (const line of metrics.split('\n')) {
      const m = /^stockmesh_orders_submitted_total\{outcome="([^"]+)"\} (\S+)$/.exec(line);
      if (m) states[m[1] as string] = Number(m[2]);
    }
    return { ...(paced ? { paced } : {}), ...(saturation ? { saturation } : {}), orderStates: states, load: loadavg() };
  } finally {
    await stopServer(server);
  }
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');

function modeTable(name: 'paced' | 'saturation', runs: readonly RunFigures[]): string[] {
  const rs = runs.map((r) => r[name]).filter((x): x is ModeFigures => x !== undefined);
  if (rs.length === 0) return [];
  const med = (f: (r: ModeFigures) => number) => median(rs.map(f));
  const list = (f: (r: ModeFigures) => number, fmt = f1) => rs.map((r) => fmt(f(r))).join(', ');
  const atpP99 = med((r) => r.kinds.atp.p99);
  const paced = name === 'paced';
  const verdict = paced ? `p99 ≤ ${TARGET_ATP_P99_MS} ms: **${atpP99 <= TARGET_ATP_P99_MS ? 'met' : 'missed'}** (${rs.filter((r) => r.kinds.atp.p99 <= TARGET_ATP_P99_MS).length} of ${rs.length} runs)` : 'capacity, not the target';
  const from = paced ? 'from the intended send time' : 'closed loop';
  return [
    '| figure | median | runs | target |',
    '| --- | --- | --- | --- |',
    `| ATP p50 / p95 / p99 (${from}) | ${f1(med((r) => r.kinds.atp.p50))} / ${f1(med((r) => r.kinds.atp.p95))} / **${f1(atpP99)}** ms | p99 [${list((r) => r.kinds.atp.p99)}] | ${verdict} |`,
    ...(paced ? [`| ATP p99 from the actual send time | ${f1(med((r) => r.kinds.atp.sentP99))} ms | [${list((r) => r.kinds.atp.sentP99)}] | – |`] : []),
    `| order submit p50 / p95 / p99 | ${f1(med((r) => r.kinds.order.p50))} / ${f1(med((r) => r.kinds.order.p95))} / ${f1(med((r) => r.kinds.order.p99))} ms | p99 [${list((r) => r.kinds.order.p99)}] | – |`,
    `| \`/healthz\` p50 / p95 / p99 (same clients, same ${paced ? 'pacing' : 'closed loop'}) | ${f1(med((r) => r.kinds.healthz.p50))} / ${f1(med((r) => r.kinds.healthz.p95))} / ${f1(med((r) => r.kinds.healthz.p99))} ms | p99 [${list((r) => r.kinds.healthz.p99)}] | – |`,
    `| ATP p99 ÷ \`/healthz\` p99 | ${f1(med((r) => r.kinds.atp.p99 / r.kinds.healthz.p99))}× | [${list((r) => r.kinds.atp.p99 / r.kinds.healthz.p99)}] | – |`,
    `| server-side p99 over the mixed phase (/metrics histogram bucket bound): ATP / order | ≤ ${f1(med((r) => r.serverAtpP99))} / ≤ ${f1(med((r) => r.serverOrderP99))} ms | ATP [${list((r) => r.serverAtpP99)}] | – |`,
    `| server event-loop delay p99 / max over the mixed phase | ${f1(med((r) => r.eventLoopP99))} / ${f1(med((r) => r.eventLoopMax))} ms | p99 [${list((r) => r.eventLoopP99)}] | – |`,
    `| server CPU per mixed request (process CPU time over the phase ÷ requests; the demo's WMS traffic included) | ${f0(med((r) => r.serverCpuUsPerRequest))} µs | [${list((r) => r.serverCpuUsPerRequest, f0)}] | – |`,
    `| throughput, mixed | ${f0(med((r) => r.throughput))} requests/s (ATP ${f0(med((r) => r.kinds.atp.rps))}/s, orders ${f0(med((r) => r.kinds.order.rps))}/s) | [${list((r) => r.throughput, f0)}] | ${paced ? `offered ≈ ${f0((CLIENTS * 1000) / THINK_MS)}/s` : '–'} |`,
    `| throughput, \`/healthz\` | ${f0(med((r) => r.baselineThroughput))} requests/s | [${list((r) => r.baselineThroughput, f0)}] | – |`,
    `| requests (\`/healthz\` + mixed) | ${f0(med((r) => r.requests))} | [${list((r) => r.requests, f0)}] | – |`,
    `| errors (anything but 2xx, except 409/422 on orders) | ${f0(med((r) => r.errors))} | [${list((r) => r.errors, f0)}] | 0: **${rs.every((r) => r.errors === 0) ? 'met' : 'missed'}** |`,
    `| expected stock refusals (409/422 on orders) | ${f0(med((r) => r.expected))} | [${list((r) => r.expected, f0)}] | – |`,
  ];
}

function summary(runs: readonly RunFigures[], startLoad: readonly number[]): string {
  const m = machineInfo();
  const lines = [
    '## HTTP load',
    '',
    `Written by \`npm run bench:http\` (bench/http-load.ts) on ${m.date}. Machine: ${m.cpuModel}, ${cpus().length} cores, ${m.totalMemGiB} GiB, ${m.os}, Node ${m.node}; load average ${startLoad.map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min) at the start, ${runs[runs.length - 1]?.load.map((x) => x.toFixed(2)).join(' / ')} at the end. The machine is shared with other work and the load generator runs on the same 2 cores: read the ratios to \`/healthz\`, not only the absolutes.`,
    '',
    `Setup: \`stockmesh serve\` (a child process: embedded SQLite store, fresh data folder, demo network loaded and its live WMS traffic running) on 127.0.0.1; ${CLIENTS} concurrent keep-alive clients (node:http, one connection each, opened in an unmeasured 2 s before anything else) in this process. Mix: ${Math.round((1 - ORDER_SHARE) * 100)} % \`GET /api/inventory/atp\` for 1–3 random SKUs, ${Math.round(ORDER_SHARE * 100)} % \`POST /api/orders\` (unique ids, quantity 1, a random city), both with an admin API key. Per run, on a fresh server: ${WARMUP_SECONDS} s paced mixed warm-up (not measured), then **paced**: ${BASELINE_SECONDS} s \`GET /healthz\` and ${SECONDS} s mixed, each client looping request → answer → exponential think time (mean ${THINK_MS} ms, so ~${f0((CLIENTS * 1000) / THINK_MS)} requests/s offered) on a send schedule fixed in advance, latency measured from the intended send time (coordinated-omission safe); then **saturation**: ${Math.max(3, BASELINE_SECONDS / 2)} s \`/healthz\` and ${SATURATION_SECONDS} s mixed with zero think time (a closed loop: its throughput is the capacity, its latency mostly queueing, ≈ ${CLIENTS} ÷ throughput by Little's law). ${runs.length} runs; figures are medians over the runs (each run's value in brackets), latency end to end at the client in ms.`,
    '',
  ];
  if (runs.some((r) => r.paced)) lines.push(`### Paced: ${CLIENTS} clients, mean think time ${THINK_MS} ms (the target's reading)`, '', ...modeTable('paced', runs), '');
  if (runs.some((r) => r.saturation)) lines.push(`### Saturation: ${CLIENTS} clients, zero think time (capacity)`, '', ...modeTable('saturation', runs), '');
  lines.push(`Orders by outcome (server counters, last run, warm-up included): ${Object.entries(runs[runs.length - 1]?.orderStates ?? {}).map(([k, v]) => `${k} ${f0(v)}`).join(', ')}.`);
  const samples = runs.flatMap((r) => [...(r.paced?.errorSamples ?? []), ...(r.saturation?.errorSamples ?? [])]).slice(0, 5);
  if (samples.length > 0) lines.push('', 'Error samples:', '', ...samples.map((s) => `- \`${s.replaceAll('`', "'")}\``));
  return lines.join('\n');
}

const BEGIN = '<!-- http-load:begin -->';
const END = '<!-- http-load:end -->';

function writeResults(section: string): void {
  const path = join(ROOT, 'bench', 'RESULTS.md');
  const old = readFileSync(path, 'utf8');
  const block = `${BEGIN}\n${section}\n${END}`;
  const i = old.indexOf(BEGIN);
  const j = old.indexOf(END);
  writeFileSync(path, i >= 0 && j > i ? `${old.slice(0, i)}${block}${old.slice(j + END.length)}` : `${old.trimEnd()}\n\n${block}\n`);
  log(`wrote the "HTTP load" section of ${path}`);
}

async function main(): Promise<void> {
  const startLoad = loadavg();
  const runs: RunFigures[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await oneRun(i);
    for (const [name, x] of [['paced', r.paced], ['saturation', r.saturation]] as const) {
      if (x) log(`run ${i} ${name}: ATP p50 ${f1(x.kinds.atp.p50)} p99 ${f1(x.kinds.atp.p99)} ms (from send ${f1(x.kinds.atp.sentP99)}), server CPU ${f0(x.serverCpuUsPerRequest)} µs/request, event loop p99 ${f1(x.eventLoopP99)} ms, order p99 ${f1(x.kinds.order.p99)} ms, healthz p99 ${f1(x.kinds.healthz.p99)} ms, ${f0(x.throughput)} req/s mixed, ${f0(x.baselineThroughput)} req/s healthz, ${x.errors} errors`);
    }
    runs.push(r);
  }
  const text = summary(runs, startLoad);
  process.stdout.write(`${text}\n`);
  if (process.env.HTTP_LOAD_WRITE === '1') writeResults(text);
  if (runs.some((r) => (r.paced?.errors ?? 0) + (r.saturation?.errors ?? 0) > 0)) process.exitCode = 1;
}

await main();

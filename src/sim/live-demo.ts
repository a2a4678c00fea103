import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ConnectorsConfig, parseConnectorsConfig } from '../connectors/network/index.ts';
import type { Hub, Inbound } from '../hub/index.ts';
import { ApiClientSim } from './api-client-sim.ts';
import { DEMO_LINKS, demoConnectorsFile } from './demo-connectors.ts';
import { runIncidents } from './demo-incidents.ts';
import { demoNetwork } from './demo-network.ts';
import { siteStarts } from './demo-sites-runtime.ts';
import { readDemoState, type SavedSite, writeDemoState } from './demo-state-file.ts';
import { DemoTraffic, type SiteRuntime } from './demo-traffic.ts';
import { Edi3plSim } from './edi-3pl-sim.ts';
import { EpcisPortalSim } from './epcis-portal-sim.ts';
import { ErpFileSim } from './erp-file-sim.ts';
import { RestWmsSim } from './rest-wms-sim.ts';
import { type SafeguardKind, SafeguardWatch } from './safeguard-watch.ts';
import { SimRandom } from './sim-random.ts';
import { demoSites, type Site } from './sim-site.ts';
import type { SimContext, SimWms } from './sim-wms.ts';
import { WebhookWmsSim } from './webhook-wms-sim.ts';

export interface LiveDemoOptions {
  /** The hub's data folder: the demo's WMS keep their files and state in `<dataDir>/demo`. */
  readonly dataDir: string;
  readonly now?: (() => Date) | undefined;
  /** Stock changes per second over the whole network (default 3). */
  readonly rate?: number | undefined;
  /** Divides every interval of the demo (default 1; tests run it faster). */
  readonly timescale?: number | undefined;
  /** Make the deliberate mistakes that show each safeguard (default true). */
  readonly incidents?: boolean | undefined;
  /** Seed of the random numbers on a first start. */
  readonly seed?: number | undefined;
  /** When this start loaded the static demo (sequence numbers continue after it). */
  readonly seededAt?: Date | undefined;
  /** Safeguard lines and other news for the person watching. */
  readonly print: (line: string) => void;
  /** Trouble of the simulated WMS themselves. */
  readonly warn: (line: string) => void;
}

/** The live demo network: simulated WMS in every dialect, their connectors, the deliberate mistakes. */
export interface LiveDemo {
  /** The demo's connectors (also written to `connectorsFile`), to start with the hub's inbound side. */
  readonly connectors: ConnectorsConfig;
  readonly connectorsFile: string;
  readonly dir: string;
  readonly rate: number;
  /** Safeguards that fired so far, by kind. */
  readonly fired: ReadonlyMap<SafeguardKind, number>;
  /** What the demo runs, for the start-up text. */
  describe(): string[];
  /** Starts the WMS traffic once the hub serves at `hubUrl` and its inbound side runs. */
  start(hubUrl: string, inbound: Inbound): Promise<void>;
  /** Stops the traffic and the incidents, flushes and stops every WMS, saves their state. */
  stop(): Promise<void>;
}

const SNAPSHOTS: readonly { source: string; firstMs: number }[] = [
  { source: 'can-saas', firstMs: 60_000 },
  { source: 'ctu-3pl-edi', firstMs: 90_000 },
  { source: 'wuh-hub-api', firstMs: 120_000 },
  { source: 'pek-erp', firstMs: 150_000 },
];
const SNAPSHOT_EVERY_MS = 180_000;

/**
 * Prepares the live demo on a hub that holds the demo's master data: restores (or derives) each
 * simulated WMS's stock, opens the REST WMS on 127.0.0.1, and writes the demo's connectors file.
 * Nothing moves until `start`.
 */
export async function prepareLiveDemo(hub: Hub, opts: LiveDemoOptions): Promise<LiveDemo> {
  const now = opts.now ?? (() => new Date());
  const scale = Math.max(0.01, opts.timescale ?? 1);
  const every = (ms: number) => Math.max(1, Math.round(ms / scale));
  const rate = opts.rate ?? 3;
  const dir = resolve(opts.dataDir, 'demo');
  const statePath = join(dir, 'wms-state.json');
  await mkdir(dir, { recursive: true });
  const saved = await readDemoState(statePath);
  const net = demoNetwork();
  const sites = demoSites(net);
  const starts = await siteStarts(hub, net, sites, saved, opts.seededAt);
  const rng = new SimRandom(saved?.rng ?? opts.seed ?? 20261125);
  const watch = new SafeguardWatch(opts.print);

  const runtimes: SiteRuntime[] = [];
  const sims = new Map<string, SimWms>();
  for (const site of sites) {
    const start = starts.get(site.source.source.id);
    if (!start) continue;
    const ctx: SimContext = { net, site, stock: start.stock, now, warn: opts.warn };
    const sim = makeSim(site, ctx, dir, start.sim);
    if (sim instanceof RestWmsSim) await sim.listen();
    sims.set(site.source.source.id, sim);
    runtimes.push({ site, stock: start.stock, sim, seq: start.seq, order: start.order, baseline: start.baseline });
  }
  const traffic = new DemoTraffic(runtimes, rng, now);
  const rest = sims.get(DEMO_LINKS.rest.source) as RestWmsSim;
  const connectorsFile = join(dir, 'connectors.json');
  const file = demoConnectorsFile(dir, rest.baseUrl, every);
  await writeFile(connectorsFile, JSON.stringify(file, null, 2) + '\n');
  const connectors = parseConnectorsConfig(file, { origin: connectorsFile, baseDir: dir, env: {} });

  const timers: NodeJS.Timeout[] = [];
  const controller = new AbortController();
  let incidents: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  let saving = Promise.resolve();
  const save = (): Promise<void> => {
    saving = saving.then(() => writeDemoState(statePath, snapshotOf(traffic))).catch((err: unknown) => opts.warn(`demo state not saved: ${String(err)}`));
    return saving;
  };
  const repeat = (ms: number, fn: () => Promise<void> | void, firstMs = ms): void => {
    let busy = false;
    const run = () => {
      if (busy || controller.signal.aborted) return;
      busy = true;
      void Promise.resolve(fn())
        .catch((err: unknown) => opts.warn(`demo: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => (busy = false));
    };
    const first = setTimeout(() => {
      run();
      const t = setInterval(run, ms);
      t.unref();
      timers.push(t);
    }, firstMs);
    first.unref();
    timers.push(first);
  };

  return {
    connectors,
    connectorsFile,
    dir,
    rate,
    fired: watch.fired,
    describe: () => [
      `Live demo: ${runtimes.length} simulated WMS in ${new Set(runtimes.map((r) => r.site.source.source.dialect)).size} dialects, about ${rate} stock change${rate === 1 ? '' : 's'} a second in total (--rate).`,
      ...runtimes.map((r) => `  ${r.site.warehouse.padEnd(9)} ${r.site.source.source.name}`),
      `  their connectors: ${connectorsFile} (the STOCKMESH_CONNECTORS format); their files and state: ${dir}`,
      opts.incidents === false ? 'Deliberate mistakes are off (--no-incidents).' : 'In the next minute the demo makes six mistakes on purpose; each safeguard prints one line as it acts:',
    ],
    async start(hubUrl, inbound) {
      const api = sims.get('wuh-hub-api');
      if (api instanceof ApiClientSim) api.connect(inbound.sink);
      unsubscribe = inbound.onApplied(watch.listener);
      for (const sim of sims.values()) await sim.start(hubUrl);
      traffic.start(rate);
      repeat(every(4000), () => sims.get(DEMO_LINKS.erp.source)?.flush());
      repeat(every(5000), () => sims.get(DEMO_LINKS.edi.source)?.flush());
      for (const s of SNAPSHOTS) repeat(every(SNAPSHOT_EVERY_MS), () => sims.get(s.source)?.snapshot?.(), every(s.firstMs));
      repeat(every(20_000), () => (sims.get(DEMO_LINKS.epcis.source) as EpcisPortalSim | undefined)?.sweep());
      repeat(1000, () => (traffic.dirty ? ((traffic.dirty = false), save()) : undefined));
      repeat(1000, () => watch.expire());
      if (opts.incidents !== false) {
        incidents = runIncidents({
          traffic,
          rest,
          saas: sims.get('can-saas') as WebhookWmsSim,
          gxp: sims.get('szv-gxp') as WebhookWmsSim,
          erp: sims.get(DEMO_LINKS.erp.source) as ErpFileSim,
          erpDir: join(dir, DEMO_LINKS.erp.folder),
          watch,
          db: hub.store.db,
          every,
          signal: controller.signal,
        });
      }
    },
    async stop() {
      controller.abort();
      traffic.stop();
      for (const t of timers.splice(0)) clearTimeout(t);
      watch.cancel();
      // An incident waits at most for the push in hand; the WMS stop below bounds the rest.
      await Promise.race([incidents, new Promise((r) => setTimeout(r, 5000).unref())]);
      for (const sim of sims.values()) await sim.stop().catch((err: unknown) => opts.warn(`demo: ${sim.site.source.source.id} did not stop cleanly: ${String(err)}`));
      unsubscribe?.();
      await save();
    },
  };
}

function makeSim(site: Site, ctx: SimContext, dir: string, saved: unknown): SimWms {
  const source = site.source.source.id;
  switch (site.source.source.dialect) {
    case 'rest-pull':
      return new RestWmsSim(ctx, { token: DEMO_LINKS.rest.token, whCode: DEMO_LINKS.rest.whCode }, saved);
    case 'webhook': {
      const link = DEMO_LINKS.webhooks[source as keyof typeof DEMO_LINKS.webhooks];
      if (!link) throw new Error(`no webhook link for ${source}`);
      return new WebhookWmsSim(ctx, link, saved);
    }
    case 'file-drop':
      return new ErpFileSim(ctx, { dir: join(dir, DEMO_LINKS.erp.folder), whCode: DEMO_LINKS.erp.whCode }, saved);
    case 'edi-x12':
      return new Edi3plSim(ctx, { inbox: join(dir, DEMO_LINKS.edi.inbox), outbox: join(dir, DEMO_LINKS.edi.outbox), parties: DEMO_LINKS.edi.parties }, saved);
    case 'epcis':
      return new EpcisPortalSim(ctx, { token: DEMO_LINKS.epcis.token, gs1: DEMO_LINKS.epcis.gs1, releaseStep: DEMO_LINKS.epcis.releaseStep }, saved);
    default:
      return new ApiClientSim(ctx, saved);
  }
}

function snapshotOf(traffic: DemoTraffic) {
  const sites: Record<string, SavedSite> = {};
  for (const [source, s] of traffic.sites) sites[source] = { stock: s.stock.positions(), seq: s.seq, order: s.order, baseline: s.baseline, sim: s.sim.saved() };
  return { version: 1 as const, rng: traffic.randomState, sites };
}

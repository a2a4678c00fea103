import type { AddressInfo } from 'node:net';
import { type Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, WEB_DIST } from '../../api/index.ts';
import { backorderHook, OrderService, startHoldSweep } from '../../orders/index.ts';
import { exceptionWebhookFromEnv, startExceptionSweep } from '../../exceptions/index.ts';
import { seedDemoOrders } from '../../sim/index.ts';
import { combineConnectors, type ConnectorsConfig, connectorsFromEnv } from '../../connectors/network/index.ts';
import { configFromEnv, type Hub, type Inbound, openHub, startInbound } from '../../hub/index.ts';
import { type DemoSeedResult, describeDemoUsers, ensureDemoUsers, isDemoNetwork, type LiveDemo, prepareLiveDemo, seedDemo } from '../../sim/index.ts';
import { ensureFirstAdmin, firstAdminLines, secureCookiesFromEnv } from '../../auth/index.ts';
import type { CommandContext } from '../command-context.ts';
import type { Output } from '../output.ts';

export interface ServeOptions {
  /** Overrides STOCKMESH_PORT; 0 = any free port (the real one is printed). */
  readonly port?: number | undefined;
  /** Overrides STOCKMESH_HOST. */
  readonly host?: string | undefined;
  /** Load the demo network on first start and run its simulated WMS (default true). */
  readonly demo: boolean;
  /** Log every request (default: warnings and errors only). */
  readonly log?: boolean | undefined;
  /** Demo stock changes per second (default STOCKMESH_DEMO_RATE or 3). */
  readonly rate?: number | undefined;
  /** The demo's deliberate mistakes (default true). */
  readonly incidents?: boolean | undefined;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number 0..65535 (0 = any free port)');
  return n;
}

export function parseRate(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 10_000) throw new InvalidArgumentError('must be a number of stock changes per second, 0..10000');
  return n;
}

/** The URL to print for a bound address: a wildcard host is reached as localhost, IPv6 in brackets. */
function urlOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

function describeDemo(demo: DemoSeedResult | undefined): string {
  if (demo === undefined) return 'Demo not loaded (--no-demo).';
  if (demo.outcome === 'skipped') {
    return demo.reason === 'ledger-not-empty'
      ? 'Demo already loaded or ledger in use: nothing added (the demo loads only into an empty ledger).'
      : `Demo not loaded: ${demo.message}.`;
  }
  return (
    `Demo network loaded: ${demo.warehouses} warehouses, ${demo.skus} SKUs, ${demo.sources} source systems; ` +
    `${demo.eventsApplied} events applied, ${demo.snapshots} snapshots reconciled (${demo.adjustments} drift adjustment), ` +
    `${demo.deadLetters} event refused on purpose, ${demo.openGaps} sequence gap open.`
  );
}

function printNextSteps(output: Output, url: string, live: LiveDemo | undefined, connectors: ConnectorsConfig): void {
  const n = connectors.sources.length;
  output.out(n === 0 ? 'Connectors: none (set STOCKMESH_CONNECTORS to a connectors file).' : `Connectors: ${n} (${connectors.sources.map((s) => `${s.source} ${s.dialect}`).join(', ')}).`);
  output.out(
    existsSync(join(WEB_DIST, 'index.html'))
      ? `Dashboard: ${url}/ (open it in a browser and sign in; docs/dashboard.md)`
      : 'Dashboard: not built (run `npm run build:web`, or start with `npm start`, which builds it).',
  );
  output.out('Try (the API needs credentials, docs/auth.md):');
  output.out('  export STOCKMESH_KEY=$(npx stockmesh keys create --label me --role viewer --quiet)');
  const curl = 'curl -H "Authorization: Bearer $STOCKMESH_KEY"';
  output.out(`  ${curl} ${url}/api/inventory?sku=APP-TEE-WHT-M`);
  output.out(`  ${curl} "${url}/api/inventory/atp?sku=APP-TEE-WHT-M,ELE-EARBUD-TWS"`);
  output.out(`  ${curl} ${url}/api/connectors        (or: npx stockmesh connectors)`);
  output.out(`  ${curl} "${url}/api/dead-letters?state=pending"`);
  if (live) for (const line of live.describe()) output.out(line);
  output.out('Press Ctrl+C to stop.');
}

/** Resolves with the name of the first SIGINT or SIGTERM; a second one exits at once. */
function nextShutdownSignal(output: Output): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) {
        output.err(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Loads the demo into an empty hub and prepares its live WMS when the hub holds the demo network. */
async function prepareDemo(hub: Hub, opts: ServeOptions, output: Output): Promise<{ seed: DemoSeedResult; live: LiveDemo | undefined }> {
  const seededAt = new Date();
  const seed = await seedDemo(hub, seededAt);
  // The control tower's order history (orders, picks, shipments, a transfer) on a freshly loaded demo.
  if (seed.outcome === 'loaded') await seedDemoOrders(hub, seededAt);
  if (seed.outcome === 'skipped' && (seed.reason !== 'ledger-not-empty' || !(await isDemoNetwork(hub)))) return { seed, live: undefined };
  const envRate = process.env.STOCKMESH_DEMO_RATE;
  const live = await prepareLiveDemo(hub, {
    dataDir: hub.config.dataDir,
    rate: opts.rate ?? (envRate ? parseRate(envRate) : undefined),
    timescale: Number(process.env.STOCKMESH_DEMO_TIMESCALE ?? 1) || 1,
    incidents: opts.incidents,
    seededAt: seed.outcome === 'loaded' ? seededAt : undefined,
    print: (line) => output.out(line),
    warn: (line) => output.err(line),
  });
  return { seed, live };
}

/**
 * Runs the hub until SIGINT/SIGTERM: opens the store and bus named by the environment, loads and
 * starts the live demo network (unless told not to), starts the ledger consumer and the
 * connectors (the demo's and those of STOCKMESH_CONNECTORS), serves the API with the webhook and
 * EPCIS capture routes, and on a signal stops in order: the demo's WMS, the connectors, the
 * consumer, the HTTP server, the hub. Resolves only after that shutdown.
 */
export async function serve(opts: ServeOptions, ctx: CommandContext): Promise<void> {
  const { output } = ctx;
  const env = configFromEnv();
  const config = { ...env, port: opts.port ?? env.port, host: opts.host ?? env.host };
  const fromFile = await connectorsFromEnv();
  const hub = await openHub(config);
  let seed: DemoSeedResult | undefined;
  let live: LiveDemo | undefined;
  let inbound: Inbound | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  // Orders: one service for the API and the hooks — backorders retried when stock lands, holds
  // never confirmed expire on a sweep.
  const orders = new OrderService({ store: hub.store, masterData: hub.masterData });
  let stopSweep: (() => void) | undefined;
  let stopBackorders: (() => void) | undefined;
  let stopExceptions: (() => void) | undefined;
  const shutdown = async (): Promise<void> => {
    stopSweep?.();
    stopBackorders?.();
    stopExceptions?.();
    try {
      await live?.stop();
      await inbound?.stop();
      await app?.close();
    } finally {
      await hub.close();
    }
  };
  let connectors: ConnectorsConfig;
  let url: string;
  let firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  try {
    if (opts.demo) ({ seed, live } = await prepareDemo(hub, opts, output));
    connectors = combineConnectors(...(live ? [live.connectors] : []), ...(fromFile ? [fromFile] : []));
    const running = await startInbound(hub, { connectors });
    inbound = running;
    stopBackorders = running.onApplied(backorderHook(orders, (err) => output.err(`backorders: ${String(err)}`)));
    stopSweep = startHoldSweep(orders, 60_000, (err) => output.err(`hold expiry: ${String(err)}`));
    // Exceptions: the rules every 30 s (STOCKMESH_EXCEPTION_SWEEP_MS), the first sweep at once; signed
    // notifications when STOCKMESH_EXCEPTION_WEBHOOK_URL and _SECRET are set (docs/exceptions.md).
    stopExceptions = startExceptionSweep(hub, {
      intervalMs: Number(process.env.STOCKMESH_EXCEPTION_SWEEP_MS) || 30_000,
      webhook: exceptionWebhookFromEnv(),
      onError: (err) => output.err(`exception sweep: ${String(err)}`),
    });
    app = await buildApp({
      hub,
      orders,
      logger: true,
      logLevel: opts.log ? 'info' : 'warn',
      webhooks: running.connectors.webhooks,
      epcis: running.connectors.epcis,
      liveConnectors: () => running.connectors.states(),
      auth: { secureCookies: secureCookiesFromEnv() },
      onApplied: (listener) => running.onApplied(listener),
    });
    // First start: an administrator with a random password, printed once below; the demo's sign-ins on a demo hub.
    firstAdmin = await ensureFirstAdmin(app.auth);
    if (live) await ensureDemoUsers(app.auth);
    await app.listen({ port: config.port, host: config.host });
    const { port } = app.server.address() as AddressInfo;
    url = urlOf(config.host, port);
    await live?.start(config.host === '0.0.0.0' || config.host === '::' ? `http://127.0.0.1:${port}` : url, running);
  } catch (err) {
    await shutdown().catch(() => undefined);
    throw err;
  }
  output.out(`Stockmesh hub listening on ${url} (store: ${hub.store.location}, bus: ${hub.bus.kind})`);
  output.out(describeDemo(seed));
  if (firstAdmin) for (const line of firstAdminLines(firstAdmin, url)) output.out(line);
  if (live) for (const line of describeDemoUsers()) output.out(line);
  printNextSteps(output, url, live, connectors);

  const signal = await nextShutdownSignal(output);
  output.out(`${signal}: shutting down…`);
  await shutdown();
  output.out('Stockmesh hub stopped.');
}

/** Options shared by `serve` and `demo`. */
export const addServerOptions = (cmd: Command): Command =>
  cmd
    .option('-p, --port <port>', 'port to listen on (default: STOCKMESH_PORT or 3000; 0 = any free port)', parsePort)
    .option('--host <host>', 'address to listen on (default: STOCKMESH_HOST or 127.0.0.1)')
    .option('--log', 'log every request (JSON lines on stdout)')
    .option('--rate <n>', 'demo: stock changes per second over the whole network (default: STOCKMESH_DEMO_RATE or 3)', parseRate)
    .option('--no-incidents', "demo: don't make the deliberate mistakes that show each safeguard");

type CliOptions = { port?: number; host?: string; demo: boolean; log?: boolean; rate?: number; incidents: boolean };

/** `stockmesh serve`: the hub's HTTP API, connectors, and the live demo network on an empty or demo store. */
export function registerServe(program: Command, ctx: CommandContext): void {
  addServerOptions(program.command('serve'))
    .description('run the hub: HTTP API, ledger consumer, connectors (STOCKMESH_CONNECTORS); loads and runs the live demo network unless --no-demo')
    .option('--no-demo', 'no demo: only the connectors of STOCKMESH_CONNECTORS')
    .action((o: CliOptions) => serve(o, ctx));
}

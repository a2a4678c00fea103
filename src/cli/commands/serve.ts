import type { AddressInfo } from 'node:net';
import { type Command, InvalidArgumentError } from 'commander';
import { buildApp } from '../../api/index.ts';
import { configFromEnv, openHub } from '../../hub/index.ts';
import { type DemoSeedResult, seedDemo } from '../../sim/index.ts';
import type { CommandContext } from '../command-context.ts';
import type { Output } from '../output.ts';

export interface ServeOptions {
  /** Overrides STOCKMESH_PORT; 0 = any free port (the real one is printed). */
  readonly port?: number | undefined;
  /** Overrides STOCKMESH_HOST. */
  readonly host?: string | undefined;
  /** Load the demo network on first start (default true). */
  readonly demo: boolean;
  /** Log every request (default: warnings and errors only). */
  readonly log?: boolean | undefined;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number 0..65535 (0 = any free port)');
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

function printNextSteps(output: Output, url: string): void {
  output.out('Try:');
  output.out(`  curl ${url}/api/inventory?sku=APP-TEE-WHT-M`);
  output.out(`  curl "${url}/api/inventory/atp?sku=APP-TEE-WHT-M,ELE-EARBUD-TWS"`);
  output.out(`  curl ${url}/api/sources`);
  output.out(`  curl "${url}/api/dead-letters?state=pending"`);
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

/**
 * Runs the hub until SIGINT/SIGTERM: opens the store named by the environment, loads the demo on
 * first start (unless told not to), serves the API, and on a signal stops taking requests, lets
 * running ones finish, then closes the store. Resolves only after that shutdown.
 */
export async function serve(opts: ServeOptions, ctx: CommandContext): Promise<void> {
  const { output } = ctx;
  const env = configFromEnv();
  const config = { ...env, port: opts.port ?? env.port, host: opts.host ?? env.host };
  const hub = await openHub(config);
  let demo: DemoSeedResult | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    if (opts.demo) demo = await seedDemo(hub, new Date());
    app = await buildApp({ hub, logger: true, logLevel: opts.log ? 'info' : 'warn' });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close();
    await hub.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  const url = urlOf(config.host, port);
  output.out(`Stockmesh hub listening on ${url} (store: ${hub.store.location})`);
  output.out(describeDemo(demo));
  printNextSteps(output, url);

  const signal = await nextShutdownSignal(output);
  output.out(`${signal}: shutting down…`);
  try {
    await app.close();
  } finally {
    await hub.close();
  }
  output.out('Stockmesh hub stopped.');
}

/** Options shared by `serve` and `demo`. */
export const addServerOptions = (cmd: Command): Command =>
  cmd
    .option('-p, --port <port>', 'port to listen on (default: STOCKMESH_PORT or 3000; 0 = any free port)', parsePort)
    .option('--host <host>', 'address to listen on (default: STOCKMESH_HOST or 127.0.0.1)')
    .option('--log', 'log every request (JSON lines on stdout)');

/** `stockmesh serve`: the hub's HTTP API, with the demo network loaded on first start. */
export function registerServe(program: Command, ctx: CommandContext): void {
  addServerOptions(program.command('serve'))
    .description('run the hub: HTTP API on the configured store; loads the demo network into an empty store unless --no-demo')
    .option('--no-demo', 'do not load the demo network into an empty store')
    .action((o: { port?: number; host?: string; demo: boolean; log?: boolean }) => serve(o, ctx));
}

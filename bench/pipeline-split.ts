/**
 * End to end through NATS JetStream into PostgreSQL with connectors and ledger in two hub
 * processes side by side (the production shape with several instances): a forked process
 * publishes (pipeline-publisher.ts) while this one runs the ledger consumer. Events/s = events
 * applied ÷ time from the first publish to the last commit.
 */
import { fork } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { configFromEnv, openHub, startInbound } from '../src/hub/index.ts';
import { listDeadLetters } from '../src/ledger/index.ts';
import { perSecond } from './lib/timer.ts';
import { seedBenchNetwork } from './pipeline-network.ts';

export interface SplitOptions {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly events: number;
  readonly chunk: number;
  readonly run: number;
}

export interface SplitRun {
  readonly endToEnd: number;
  readonly published: number;
  readonly refused: number;
}

const epoch = (): number => performance.timeOrigin + performance.now();

export async function splitRun(o: SplitOptions): Promise<SplitRun> {
  const schema = `bench_pipe_${process.pid}_${o.run}_split`;
  const prefix = `benchpipe${process.pid}r${o.run}split`;
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: o.databaseUrl, natsUrl: o.natsUrl }, { pgSchema: schema, busSubjectPrefix: prefix, busStream: prefix.toUpperCase() });
  try {
    await seedBenchNetwork(hub);
    const inbound = await startInbound(hub, { subjectPrefix: prefix, durable: `ledger_split_${o.run}` });
    let applied = 0;
    let last = 0;
    let refused = 0;
    inbound.onApplied((results) => {
      applied += results.length;
      refused += results.filter((r) => r.outcome === 'rejected').length;
      last = epoch();
    });
    const child = await new Promise<{ started: number; finished: number }>((resolve, reject) => {
      const p = fork(new URL('./pipeline-publisher.ts', import.meta.url), [o.databaseUrl, o.natsUrl, schema, prefix, String(o.events), String(o.chunk)], { execArgv: ['--import', 'tsx'] });
      let result: { started: number; finished: number } | undefined;
      p.on('message', (m) => (result = m as typeof result));
      p.on('error', reject);
      p.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the publisher exited with ${code}`))));
    });
    const until = Date.now() + 300_000;
    while (applied < o.events && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await inbound.stop();
    refused += (await listDeadLetters(hub.store.db, { state: 'pending' })).length;
    return { endToEnd: perSecond(applied, last - child.started), published: perSecond(o.events, child.finished - child.started), refused };
  } finally {
    await hub.store.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await hub.close();
    const nc = await connect({ servers: o.natsUrl });
    const { jetstreamManager } = await import('@nats-io/jetstream');
    await (await jetstreamManager(nc)).streams.delete(prefix.toUpperCase()).catch(() => false);
    await nc.close();
  }
}

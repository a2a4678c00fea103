/**
 * A second hub process that only runs connectors (the split deployment): it opens the same
 * PostgreSQL schema and JetStream stream as the hub under test and publishes the benchmark's
 * events through the bus sink, one call in flight per warehouse (so a shipment never overtakes
 * the receipt of its stock), as fast as the bus takes them. Reports by IPC when it started and
 * finished publishing (epoch ms).
 *
 * Usage (forked by pipeline-split.ts): argv = databaseUrl natsUrl schema prefix events chunk.
 */
import { configFromEnv, openHub } from '../src/hub/index.ts';
import { busSink } from '../src/inbound/index.ts';
import { type HookEvent, SKUS, sourceOf, WAREHOUSES } from './pipeline-network.ts';
import { asInbound } from './pipeline-network.ts';

const [databaseUrl = '', natsUrl = '', schema = '', prefix = '', eventsArg = '0', chunkArg = '1000'] = process.argv.slice(2);
const total = Number(eventsArg);
const chunk = Number(chunkArg);
const epoch = (): number => performance.timeOrigin + performance.now();

const hub = await openHub({ ...configFromEnv({}), databaseUrl, natsUrl }, { pgSchema: schema, busSubjectPrefix: prefix, busStream: prefix.toUpperCase() });
const sink = busSink(hub.bus, prefix);
let published = 0;
const started = epoch();

async function connector(w: number): Promise<void> {
  const stock = new Map<number, number>();
  let seed = 100 + w;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  let n = 0;
  while (published < total) {
    const size = Math.min(chunk, total - published);
    published += size;
    const at = new Date().toISOString();
    const events: HookEvent[] = [];
    for (let i = 0; i < size; i++) {
      const s = rnd(SKUS);
      const have = stock.get(s) ?? 0;
      const base = { id: `p${w}-${++n}`, created_at: at };
      const facility = `BW-${String(w).padStart(2, '0')}`;
      const sku = `BSKU-${String(s).padStart(4, '0')}`;
      if (have > 0 && rnd(2) === 0) {
        const q = 1 + rnd(Math.min(have, 5));
        stock.set(s, have - q);
        events.push({ ...base, type: 'inventory.shipped', data: { facility, sku, quantity: q, from_state: 'available' } });
      } else {
        const q = 1 + rnd(20);
        stock.set(s, have + q);
        events.push({ ...base, type: 'inventory.received', data: { facility, sku, quantity: q, to_state: 'available' } });
      }
    }
    await sink.events(events.map((e) => ({ raw: asInbound(e, w) })));
  }
}

await Promise.all(Array.from({ length: WAREHOUSES }, (_, w) => connector(w)));
const finished = epoch();
await hub.close();
process.send?.({ started, finished, source: sourceOf(0) }, () => process.exit(0));

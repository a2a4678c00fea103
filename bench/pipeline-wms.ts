/**
 * The WMS side of the pipeline benchmark, in its own process (as a WMS is another machine): one
 * pusher per warehouse sends signed webhook deliveries of `batch` events to the hub at a steady
 * pace, one delivery in flight per warehouse (so a shipment never overtakes the receipt of the
 * stock it takes), and records when each event was sent (the request started) and accepted (the
 * 200). At the end it sends the parent those times (epoch ms, sub-millisecond) by IPC.
 *
 * Usage (forked by pipeline-latency.ts): argv = port rate seconds batch.
 */
import { signWebhook } from '../src/connectors/webhook/index.ts';
import { type HookEvent, SECRET, SKUS, sourceOf, WAREHOUSES } from './pipeline-network.ts';

const [port, rate, seconds, batch] = process.argv.slice(2).map(Number) as [number, number, number, number];
const epoch = (): number => performance.timeOrigin + performance.now();
const accepted: [string, number, number][] = [];
let failures = 0;

async function pusher(w: number, until: number): Promise<void> {
  const perDelivery = (batch * 1000 * WAREHOUSES) / rate;
  const stock = new Map<number, number>();
  let seed = 1 + w;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  const start = performance.now() + (w * perDelivery) / WAREHOUSES;
  for (let k = 0, n = 0; ; k++) {
    const due = start + k * perDelivery;
    if (due > until) return;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const at = new Date().toISOString();
    const events: HookEvent[] = [];
    for (let i = 0; i < batch; i++) {
      const s = rnd(SKUS);
      const have = stock.get(s) ?? 0;
      const base = { id: `w${w}-${++n}`, created_at: at };
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
    const body = JSON.stringify({ delivery_id: `w${w}-d${k}`, events });
    const ts = Math.floor(Date.now() / 1000);
    const sent = epoch();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/hooks/${sourceOf(w)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-stockmesh-timestamp': String(ts), 'x-stockmesh-signature': signWebhook(SECRET, ts, body) },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const t = epoch();
      for (const e of events) accepted.push([`${sourceOf(w)}:${e.id}`, t, sent]);
    } catch {
      failures += 1;
    }
  }
}

const until = performance.now() + seconds * 1000;
await Promise.all(Array.from({ length: WAREHOUSES }, (_, w) => pusher(w, until)));
process.send?.({ accepted, failures }, () => process.exit(0));

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { realSleep } from '../connectors/runtime/index.ts';
import { listGaps } from '../ledger/index.ts';
import type { Database } from '../store/index.ts';
import type { DemoTraffic } from './demo-traffic.ts';
import type { ErpFileSim } from './erp-file-sim.ts';
import type { RestWmsSim } from './rest-wms-sim.ts';
import type { SafeguardWatch } from './safeguard-watch.ts';
import type { WebhookWmsSim } from './webhook-wms-sim.ts';

export interface IncidentDeps {
  readonly traffic: DemoTraffic;
  readonly rest: RestWmsSim;
  readonly saas: WebhookWmsSim;
  readonly gxp: WebhookWmsSim;
  readonly erp: ErpFileSim;
  readonly erpDir: string;
  readonly watch: SafeguardWatch;
  readonly db: Kysely<Database>;
  /** Scales demo intervals (tests run faster). */
  readonly every: (ms: number) => number;
  readonly signal: AbortSignal;
}

type Incident = (d: IncidentDeps) => Promise<void>;

const CONFIRM_MS = 120_000;

/**
 * The demo's deliberate mistakes, one after the other a few seconds apart, each making one
 * safeguard act where a new user can see it: a redelivered webhook (duplicate), a webhook signed
 * with a retired secret, two deliveries in the wrong order, a journal file with a typo, a listing
 * that counts less than the books say, and a movement the REST WMS numbered but never served.
 */
export async function runIncidents(d: IncidentDeps): Promise<void> {
  const incidents: Incident[] = [duplicate, badSignature, outOfOrder, malformedFile, drift, sequenceGap];
  await realSleep(d.every(6000), d.signal);
  for (const incident of incidents) {
    if (d.signal.aborted) return;
    await incident(d).catch((err: unknown) => d.watch.say('dead letter', `(demo incident failed: ${err instanceof Error ? err.message : String(err)})`));
    await realSleep(d.every(5000), d.signal);
  }
}

const receiptAt = (d: IncidentDeps, source: string) => d.traffic.make(source, 'receipt');

async function duplicate(d: IncidentDeps): Promise<void> {
  const made = receiptAt(d, 'can-saas');
  if (!made) return;
  const [first] = await d.saas.send([made]);
  if (!first || first.result.kind !== 'accepted') return;
  const again = await d.saas.redeliverLast();
  if (!again) return;
  const status = again.result.kind === 'retry' ? 'no answer' : `HTTP ${again.result.status}`;
  const ids = again.eventIds;
  const until = Date.now() + CONFIRM_MS;
  while (Date.now() < until && !d.signal.aborted) {
    const rows = await d.db.selectFrom('events').select('id').where('id', 'in', [...ids]).execute();
    if (rows.length === ids.length) {
      d.watch.say('duplicate', `can-saas pushed delivery ${again.deliveryId} a second time (${status}): its event ${ids.join(', ')} is in the ledger once — a repeat changes nothing`);
      return;
    }
    await realSleep(100, d.signal);
  }
}

async function badSignature(d: IncidentDeps): Promise<void> {
  d.traffic.pause('can-saas');
  try {
    const made = receiptAt(d, 'can-saas');
    if (!made) return;
    const [forged] = await d.saas.send([made], { forgeFirst: true });
    if (!forged) return;
    const status = forged.result.kind === 'retry' ? 'no answer' : `HTTP ${forged.result.status}`;
    d.watch.say('bad signature', `can-saas delivery ${forged.deliveryId} signed with a retired secret: ${status}, nothing applied, kept in the connector rejections; re-signed, it was accepted`);
  } finally {
    d.traffic.resume('can-saas');
  }
}

async function outOfOrder(d: IncidentDeps): Promise<void> {
  d.traffic.pause('szv-gxp');
  try {
    const a = receiptAt(d, 'szv-gxp');
    const b = receiptAt(d, 'szv-gxp');
    if (!a || !b) return;
    const idA = `szv-gxp:evt-${a.seq}`;
    const idB = `szv-gxp:evt-${b.seq}`;
    const appliedB = d.watch.expect('out-of-order', (results) => (results.some((r) => r.id === idB) ? '' : undefined), CONFIRM_MS);
    await d.gxp.send([b]);
    await appliedB;
    const sentLate = Date.now();
    const line = d.watch.expect(
      'out-of-order',
      (results) => (results.some((r) => r.id === idA && r.outcome === 'applied') ? `szv-gxp delivered #${b.seq} before #${a.seq}: the ledger applied #${b.seq}, recorded #${a.seq} as missing and closed that gap when it came ${Date.now() - sentLate} ms later` : undefined),
      CONFIRM_MS,
    );
    await d.gxp.send([a]);
    if ((await line) !== undefined) {
      const gap = (await listGaps(d.db, { source: 'szv-gxp' })).find((g) => g.fromSeq <= a.seq && g.toSeq >= a.seq);
      if (gap?.closedAt === null) d.watch.say('out-of-order', `(the gap at #${a.seq} is still open: see stockmesh events gaps)`);
    }
  } finally {
    d.traffic.resume('szv-gxp');
  }
}

async function malformedFile(d: IncidentDeps): Promise<void> {
  const planned = [0, 1, 2].map(() => d.traffic.plan('pek-erp', 'receipt')).filter((c) => c !== undefined);
  if (planned.length < 3) return;
  // The export job wrote a typo: the file is refused whole, and the ERP's books do not count it yet.
  const bad = await d.erp.journal(planned.map((change) => ({ change })), true);
  const report = join(d.erpDir, 'quarantine', `${bad}.report.txt`);
  const until = Date.now() + CONFIRM_MS;
  while (Date.now() < until && !d.signal.aborted) {
    if (await stat(report).then(() => true, () => false)) {
      const text = await readFile(report, 'utf8');
      const first = /^line \d+: .*$/m.exec(text)?.[0] ?? 'see the report';
      const fixed = await d.erp.journal(planned.map((c) => d.traffic.apply('pek-erp', c)));
      d.watch.say('malformed file', `pek-erp ${bad} quarantined, nothing of it applied (${first}); report beside it in quarantine/; the corrected export ${fixed} went through`);
      return;
    }
    await realSleep(100, d.signal);
  }
}

async function drift(d: IncidentDeps): Promise<void> {
  const site = d.traffic.site('pek-erp');
  const candidates = site.stock.positions({ status: 'available' }).filter((p) => p.qty >= 6 && p.lot === '');
  const p = candidates[0];
  if (!p) return;
  const missing = Math.min(p.qty, 12);
  // Units gone without a movement (shrinkage): the ERP's next stock count finds them missing.
  site.stock.apply({ warehouse: site.site.warehouse, sku: p.sku, qty: missing, from: 'available', to: null, reason: 'shrinkage' });
  d.traffic.dirty = true;
  const name = await d.erp.listing();
  const id = `pek-erp:${name}:${site.site.warehouse}`;
  d.watch.expectSnapshot(id);
  await d.watch.expect(
    'drift',
    (_r, snapshots) => {
      const s = snapshots.find((x) => x.snapshotId === id);
      if (!s || s.outcome !== 'reconciled') return undefined;
      return `pek-erp's listing ${name} counts ${missing} × ${p.sku} fewer than the ledger: ${s.adjustments} adjusting event(s) and a drift record (GET /api/inventory shows the counted stock)`;
    },
    CONFIRM_MS,
  );
}

async function sequenceGap(d: IncidentDeps): Promise<void> {
  for (let attempt = 0; attempt < 5 && !d.signal.aborted; attempt++) {
    const change = d.traffic.plan('sha-wms', 'damage');
    if (!change || change.to !== 'damaged') {
      await realSleep(d.every(2000), d.signal);
      continue;
    }
    const lost = d.traffic.apply('sha-wms', change);
    d.rest.lose(lost.change, lost.seq);
    d.watch.expectSnapshot('sha-wms:');
    const next = d.traffic.make('sha-wms');
    if (next) d.rest.emit(next.change, next.seq);
    await d.watch.expect(
      'sequence gap',
      (_r, snapshots) => {
        const s = snapshots.find((x) => x.snapshotId?.startsWith('sha-wms:') === true && x.outcome === 'reconciled' && x.gapsClosed > 0);
        if (!s || s.outcome !== 'reconciled') return undefined;
        return `sha-wms numbered movement #${lost.seq} and never served it: the ledger recorded the gap, the connector resynced from GET /api/stock — gap settled, ${s.adjustments} adjusting event(s) for the ${lost.change.qty} × ${lost.change.sku} it missed`;
      },
      CONFIRM_MS,
    );
    d.watch.forgetSnapshot('sha-wms:');
    return;
  }
}

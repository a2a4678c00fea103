import type { Hub } from '../hub/index.ts';
import { type EventResult, ingestSnapshot, ledgerHead, listDeadLetters, listGaps } from '../ledger/index.ts';
import { saveMasterData } from '../mdm/index.ts';
import { type DemoFeed, demoFeed } from './demo-feed.ts';
import { type DemoNetwork, demoNetwork } from './demo-network.ts';

/** What seeding did. */
export type DemoSeedResult =
  | {
      readonly outcome: 'loaded';
      readonly warehouses: number;
      readonly skus: number;
      readonly sources: number;
      /** Demo events applied now (a repeat finds them all already recorded: duplicates). */
      readonly eventsApplied: number;
      readonly eventsDuplicate: number;
      readonly snapshots: number;
      /** Adjusting events the snapshots produced (the deliberate drift). */
      readonly adjustments: number;
      /** Pending dead letters afterwards (the demo refuses one event on purpose). */
      readonly deadLetters: number;
      /** Open sequence gaps afterwards (the demo skips one sequence number on purpose). */
      readonly openGaps: number;
      /** A SKU worth looking at first, for the hints printed at start. */
      readonly exampleSku: string;
    }
  | { readonly outcome: 'skipped'; readonly reason: 'ledger-not-empty' | 'other-master-data'; readonly message: string };

export interface SeedOptions {
  /** Load even when the ledger already has events (safe: demo ids make a repeat a no-op). */
  readonly force?: boolean;
}

/**
 * Loads the demo network into a hub: master data in one transaction, then the initial stock as
 * events in each WMS's own dialect (one batch), one snapshot per warehouse (one drifts), and two
 * incidents (a refused event, a sequence gap). Runs only on an empty ledger whose master data is
 * empty or the demo's own, so a restart adds nothing and a real network is never mixed with the
 * demo. Every id is deterministic (`demo:<source>:<n>`), so even a forced repeat with the same
 * `now` changes nothing. Throws when the hub refuses demo data it should accept (a bug).
 */
export async function seedDemo(hub: Hub, now: Date, opts: SeedOptions = {}): Promise<DemoSeedResult> {
  const net = demoNetwork();
  if (!opts.force) {
    if ((await ledgerHead(hub.store.db)).chainSeq !== 0) {
      return { outcome: 'skipped', reason: 'ledger-not-empty', message: 'the ledger already has events: demo not loaded again' };
    }
    const current = await hub.masterData.refresh();
    const ours = new Set(net.warehouses.map((w) => w.id));
    const foreign = current.data.warehouses.filter((w) => !ours.has(w.id));
    if (foreign.length > 0) {
      const message = `master data already holds other warehouses (${foreign.map((w) => w.id).slice(0, 3).join(', ')}…): demo not loaded`;
      return { outcome: 'skipped', reason: 'other-master-data', message };
    }
  }
  await hub.store.db.transaction().execute((tx) => saveMasterData(tx, net.masterData));
  await hub.masterData.refresh();
  const feed = demoFeed(net, now);
  return load(hub, net, feed, now);
}

/**
 * Whether the hub's master data is the demo network's own (every demo source, no other
 * warehouse): the live demo runs only then, never beside a real network.
 */
export async function isDemoNetwork(hub: Hub): Promise<boolean> {
  const net = demoNetwork();
  const md = await hub.masterData.refresh();
  const ours = new Set(net.warehouses.map((w) => w.id));
  if (md.data.warehouses.some((w) => !ours.has(w.id))) return false;
  return net.sources.every((d) => md.data.sources.some((s) => s.id === d.source.id && s.dialect === d.source.dialect));
}

async function load(hub: Hub, net: DemoNetwork, feed: DemoFeed, now: Date): Promise<DemoSeedResult> {
  const results = await hub.ingestor.ingest(feed.events.map((raw) => ({ raw, location: 'demo' })));
  expectAccepted(results, 'demo stock');
  let adjustments = 0;
  for (const snapshot of feed.snapshots) {
    const r = await ingestSnapshot(hub.store, hub.masterData, snapshot, { now: () => now, location: 'demo' });
    if (r.outcome === 'rejected') throw new Error(`demo snapshot ${snapshot.id} refused: ${describe(r.problems)}`);
    if (r.outcome === 'reconciled') adjustments += r.adjustments;
  }
  const [refused, afterGap] = await hub.ingestor.ingest([
    { raw: feed.incidents.deadLetter, location: 'demo' },
    { raw: feed.incidents.afterGap, location: 'demo' },
  ]);
  if (refused?.outcome !== 'rejected') throw new Error(`demo incident ${feed.incidents.deadLetter.id} should be refused, was ${refused?.outcome}`);
  expectAccepted(afterGap ? [afterGap] : [], 'demo incident');
  const all = [...results, ...(afterGap ? [afterGap] : [])];
  const [deadLetters, openGaps] = await Promise.all([
    listDeadLetters(hub.store.db, { state: 'pending' }),
    listGaps(hub.store.db, { open: true }),
  ]);
  return {
    outcome: 'loaded',
    warehouses: net.masterData.warehouses.length,
    skus: net.masterData.skus.length,
    sources: net.masterData.sources.length,
    eventsApplied: all.filter((r) => r.outcome === 'applied').length,
    eventsDuplicate: all.filter((r) => r.outcome === 'duplicate').length,
    snapshots: feed.snapshots.length,
    adjustments,
    deadLetters: deadLetters.length,
    openGaps: openGaps.length,
    exampleSku: 'APP-TEE-WHT-M',
  };
}

function expectAccepted(results: readonly EventResult[], what: string): void {
  const bad = results.filter((r) => r.outcome === 'rejected');
  if (bad.length > 0) {
    const first = bad[0];
    throw new Error(`${what}: ${bad.length} event(s) refused, first ${first?.id}: ${describe(first?.problems ?? [])}`);
  }
}

const describe = (problems: readonly { code: string; message: string; where?: string | undefined }[]): string =>
  problems.map((p) => `${p.where ? p.where + ': ' : ''}${p.code} ${p.message}`).join('; ');

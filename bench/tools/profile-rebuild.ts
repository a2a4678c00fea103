/**
 * Builds a ledger of N events on a fresh SQLite store (or PostgreSQL with STORE=postgres), then
 * runs rebuildPositions under the V8 profiler only around the rebuild, writing rebuild.cpuprofile.
 * Usage: node --import tsx bench/tools/profile-rebuild.ts [events]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { rebuildPositions } from '../../src/ledger/index.ts';
import { EventStream } from '../lib/events.ts';
import { generated, ingestChunks } from '../lib/ingest-run.ts';
import { makeNetwork } from '../lib/network.ts';
import { freshHub, type StoreKind } from '../lib/stores.ts';

const n = Number(process.argv[2] ?? 200_000);
const net = makeNetwork();
const h = await freshHub((process.env.STORE ?? 'sqlite') as StoreKind, net);
const stream = new EventStream(net);
await ingestChunks(h.hub, generated(n, (k) => stream.next(k)), n);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const t = performance.now();
const r = await rebuildPositions(h.hub.store.db);
const ms = performance.now() - t;
const { profile } = await session.post('Profiler.stop');
writeFileSync(process.env.PROFILE_OUT ?? 'rebuild.cpuprofile', JSON.stringify(profile));
console.log(`${r.events} events, ${r.positions} positions, ${ms.toFixed(0)} ms, ${Math.round((r.events * 1000) / ms)} events/s`);
await h.dispose();

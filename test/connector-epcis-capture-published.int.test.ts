import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { decodeEpcis, epcisCaptureRoutes, type EpcisSource, glnOf } from '../src/connectors/epcis/index.ts';
import { ledgerSink, memoryRejections } from '../src/connectors/runtime/index.ts';
import { configFromEnv, openHub } from '../src/hub/index.ts';
import { deadLetters, eventCount } from './support/connector-network.ts';

// The GS1 EPCIS 2.0 JSON examples (../shared/fixtures/README.md), byte-exact, POSTed to the capture
// endpoint as the standard's REST binding receives them: every one is captured (202) with the
// movements docs/connectors/epcis.md lists, and capturing them all again changes nothing.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dir = join(repoRoot, '..', 'shared', 'fixtures', 'epcis');
const skip = existsSync(dir) ? false : '../shared/fixtures not found: published-sample tests skipped';
const SITES: Readonly<Record<string, string>> = {
  '0614141073467': 'WH-ORIGIN',
  '0012345111112': 'WH-DEST',
  '0614141008889': 'WH-RECV',
  '4012345000016': 'WH-PLANT',
  '9529999999993': 'WH-9529',
};

test('the published EPCIS examples through the capture endpoint: each captured with its documented movements, a second capture changes nothing', { skip, timeout: 30_000 }, async () => {
  const hub = await openHub({ ...configFromEnv({}), databaseUrl: undefined }, { sqliteFile: ':memory:' });
  const app = Fastify({ logger: false });
  try {
    const source: EpcisSource = { token: 'published-token', warehouseFor: (id) => SITES[glnOf(id)?.gln ?? ''] };
    const rejections = memoryRejections();
    await app.register(epcisCaptureRoutes({ sink: ledgerSink(hub), sources: new Map([['rfid', source]]), now: () => new Date('2026-11-25T00:00:00Z'), recordRejection: rejections.record }));
    const files = readdirSync(dir).filter((f) => f.endsWith('.jsonld')).sort();
    assert.equal(files.length, 15);
    const capture = async (f: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/epcis/rfid/capture',
        headers: { 'content-type': 'application/ld+json', authorization: 'Bearer published-token' },
        payload: readFileSync(join(dir, f)),
      });
      assert.equal(res.statusCode, 202, `${f}: ${res.body}`);
      return res.json<{ captureID: string; movements: number; retracted: number }>();
    };
    let movements = 0;
    const ids = new Map<string, string>();
    for (const f of files) {
      const got = await capture(f);
      const expected = decodeEpcis(readFileSync(join(dir, f), 'utf8'), { source: 'rfid', warehouseFor: source.warehouseFor });
      assert.equal(got.movements, expected.events.length, f);
      movements += got.movements;
      ids.set(f, got.captureID);
    }
    // docs/connectors/epcis.md, Published samples: 9.6.1 (ship, receive), the query document (the same
    // two), 9.6.2, 9.6.3 (three items), 9.6.4 (five inputs, one output), the receiving that is not
    // retracted, the persistent-disposition receiving.
    assert.equal(movements, 2 + 2 + 1 + 3 + (5 + 1) + 1 + 1);
    // The source is not in this hub's master data: every movement is kept, as a dead letter (never lost).
    const kept = async () => (await eventCount(hub, 'rfid')) + (await deadLetters(hub, 'rfid')).length;
    const before = await kept();
    assert.ok(before > 0);
    for (const f of files) assert.equal((await capture(f)).captureID, ids.get(f), f);
    assert.equal(await kept(), before);
    assert.deepEqual(rejections.all, [], 'nothing in these documents is refused');
  } finally {
    await app.close();
    await hub.close();
  }
});

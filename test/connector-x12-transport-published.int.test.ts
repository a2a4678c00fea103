import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { X12Interchange, X12Parser } from 'node-x12';
import { decodeX12 } from '../src/connectors/edi-x12/index.ts';
import { deadLetters } from './support/connector-network.ts';
import { x12Rig } from './connector-x12-transport-rig.ts';

// The published ASC X12 samples (../shared/fixtures/README.md) dropped, byte-exact, through the
// folder transport: each is archived when docs/connectors/edi-x12.md says it is read, quarantined
// with a report when it says refused, and acknowledged with a 997 (never a 997 for a 997).
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dir = join(repoRoot, '..', 'shared', 'fixtures', 'x12');
const skip = existsSync(dir) ? false : '../shared/fixtures not found: published-sample tests skipped';
const WAREHOUSES: Readonly<Record<string, string>> = { SAN003: 'WH-E88', ACME01: 'WH-ACME', '1234567890001': 'WH-ACME', '0000000000140': 'WH-CA' };

/** name → outcome, ISA13, events, snapshots, orders, partner 997 groups, 997 written. */
const EXPECTED: readonly (readonly [string, string, string, number, number, number, readonly string[], string | null])[] = [
  ['846-oopfactory-1.edi', 'archived', '000001979', 0, 1, 0, [], '997-000001979.edi'],
  ['846-oopfactory-2.edi', 'quarantined', '000001979', 0, 0, 0, [], '997-000001979.edi'],
  ['940-ediengine-1.edi', 'archived', '000003438', 0, 0, 1, [], '997-000003438.edi'],
  ['940-ediengine-2.edi', 'quarantined', '000009221', 0, 0, 0, [], '997-000009221.edi'],
  ['940-oopfactory-simplot-1.edi', 'quarantined', '398161180', 0, 0, 0, [], '997-398161180.edi'],
  ['943-stupidedi-1.edi', 'archived', '000000001', 1, 0, 0, [], '997-000000001.edi'],
  ['944-stupidedi-1.edi', 'archived', '000000001', 1, 0, 0, [], '997-000000001.edi'],
  ['945-edifabric-1.edi', 'quarantined', '000000263', 0, 0, 0, [], '997-000000263.edi'],
  ['945-oopfactory-interamerican-1.edi', 'quarantined', '000000031', 0, 0, 0, [], '997-000000031.edi'],
  ['997-edifabric-1.edi', 'archived', '000000001', 0, 0, 0, ['IN 000000001 R'], null],
  ['997-staedi-1.edi', 'archived', '508121953', 0, 0, 0, ['HC 000001 R'], null],
  ['997-stupidedi-1.edi', 'archived', '300044350', 0, 0, 0, ['AG 160 A'], null],
];

test('the published X12 samples through the folder transport: archived or quarantined as documented, each acknowledged, nothing lost', { skip, timeout: 30_000 }, async () => {
  const r = await x12Rig();
  try {
    // The samples come from many senders: the sender check is off, the warehouses are the samples' own.
    const c = r.connector({ checkIds: false, decode: { warehouseFor: (p) => (p.entity === 'WH' || p.entity === 'ST' ? WAREHOUSES[p.id] : undefined) } });
    const names = readdirSync(dir).sort();
    assert.deepEqual(names, EXPECTED.map((e) => e[0]));
    for (const f of names) r.drop(pathToFileURL(join(dir, f)));
    await r.settle(c);
    const got = [...c.processed()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((o) => [o.name, o.outcome, o.interchange, o.events, o.snapshots, o.orders, o.acks.map((a) => `${a.group} ${a.status}`), o.ackFile]);
    assert.deepEqual(got, EXPECTED);
    assert.deepEqual(r.list('inbox'), []);
    for (const [name, outcome] of EXPECTED) {
      if (outcome === 'quarantined') assert.match(r.read('quarantine', `${name}.report.txt`), /quarantined, nothing from it was applied[\s\S]*problems: [1-9]/, name);
    }
    // 846-oopfactory-1/-2 and 943/944-stupidedi reuse one ISA13: the later acknowledgment replaces the earlier.
    for (const f of r.list('outbox')) {
      const text = r.read('outbox', f);
      assert.ok(new X12Parser(true).parse(text) instanceof X12Interchange, f);
      const back = decodeX12(text, { source: 'check', now: '2026-11-26T00:00:00Z' });
      assert.deepEqual(back.problems, [], f);
      assert.equal(back.acknowledgments.length > 0, true, f);
    }
    // Their warehouses are not in this hub's master data: what was read is kept as dead letters, not
    // lost. 943- and 944-stupidedi are both ISA06 SENDER, ISA13 1, GS06 1, ST02 0001: by X12's rule
    // (ISA13 unique per sender) the second is the same interchange, so their line 1 shares one id.
    const dl = await deadLetters(r.hub, 'east3pl');
    assert.deepEqual(dl.map((d) => [d.kind, d.code, d.location]).sort(), [
      ['event', 'UNKNOWN_WAREHOUSE', '944-stupidedi-1.edi:SENDER:000000001:1:0001:1'],
      ['snapshot', 'UNKNOWN_WAREHOUSE', '846-oopfactory-1.edi:322341109:000001979:1979:1979:WH-E88'],
    ]);
  } finally {
    await r.close();
  }
});

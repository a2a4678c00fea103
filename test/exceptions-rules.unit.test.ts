import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyAction,
  DEFAULT_RULES_CONFIG,
  detectAll,
  type ExceptionFacts,
  type ExceptionView,
  fingerprintOf,
  type Finding,
  planSweep,
  resolveOwner,
  type TypeOwner,
} from '../src/exceptions/index.ts';
import { StockmeshError } from '../src/domain/index.ts';

const NOW = new Date('2026-11-25T08:00:00Z');
const cfg = DEFAULT_RULES_CONFIG;
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();
const hoursAgo = (h: number): string => minutesAgo(h * 60);

const EMPTY: ExceptionFacts = { sources: [], openGaps: [], drift: [], impossible: [], deadLetters: [], openOrders: [], demand: [], lots: [], conflicts: [] };
const given = (f: Partial<ExceptionFacts>): ExceptionFacts => ({ ...EMPTY, ...f });
const ofType = (facts: ExceptionFacts, type: Finding['type']): Finding[] => detectAll(facts, NOW, cfg).filter((f) => f.type === type);

describe('detection rules (given facts, when the rules run, then …)', () => {
  test('nothing wrong: no findings', () => {
    assert.deepEqual(detectAll(EMPTY, NOW, cfg), []);
  });

  test('source silent: a source quiet past the threshold is medium, four times past it high; a fresh or never-seen source is fine', () => {
    const facts = given({
      sources: [
        { id: 'fresh', warehouses: ['W1'], lastEventAt: minutesAgo(59) },
        { id: 'quiet', warehouses: ['W1'], lastEventAt: minutesAgo(60) },
        { id: 'dead', warehouses: ['W1', 'W2'], lastEventAt: minutesAgo(240) },
        { id: 'never', warehouses: ['W1'], lastEventAt: null },
      ],
    });
    const found = ofType(facts, 'source_silent');
    assert.deepEqual(found.map((f) => [f.subject, f.severity, f.warehouse]), [
      ['quiet', 'medium', 'W1'],
      ['dead', 'high', null],
    ]);
    assert.equal(found[0]?.evidence.facts.silentMinutes, 60);
  });

  test('sequence gap: every open gap, medium in its first hour, high after; evidence links the gap list', () => {
    const facts = given({
      openGaps: [
        { id: 'g1', source: 's1', sourceWarehouses: ['W1'], fromSeq: 5, toSeq: 7, filled: 1, detectedAt: minutesAgo(10) },
        { id: 'g2', source: 's2', sourceWarehouses: ['W2'], fromSeq: 9, toSeq: 9, filled: 0, detectedAt: minutesAgo(61) },
      ],
    });
    const [a, b] = ofType(facts, 'sequence_gap');
    assert.equal(a?.severity, 'medium');
    assert.equal(a?.subject, 's1:5-7');
    assert.equal(a?.evidence.facts.missing, 3);
    assert.equal(a?.evidence.href, '/api/gaps?source=s1&open=true');
    assert.equal(b?.severity, 'high');
  });

  test('snapshot drift: 10 % or more of the count is high, less is low', () => {
    const base = { snapshotId: 'snap', takenAt: hoursAgo(1), warehouse: 'W1', lot: '', status: 'available' };
    const facts = given({
      drift: [
        { ...base, sku: 'BIG', ledgerQty: 100, countedQty: 88, delta: -12 },
        { ...base, sku: 'SMALL', ledgerQty: 1000, countedQty: 995, delta: -5 },
      ],
    });
    assert.deepEqual(ofType(facts, 'snapshot_drift').map((f) => [f.sku, f.severity]), [
      ['BIG', 'high'],
      ['SMALL', 'low'],
    ]);
  });

  test('negative or impossible stock: always critical, one per position', () => {
    const facts = given({ impossible: [{ warehouse: 'W1', sku: 'S1', lot: 'L1', status: 'available', qty: 5, held: 7 }] });
    const [f] = ofType(facts, 'negative_stock');
    assert.equal(f?.severity, 'critical');
    assert.equal(f?.subject, 'L1/available');
    assert.match(f?.title ?? '', /7 held of 5/);
  });

  test('dead letters: per source, medium; high from 10 waiting or a day old', () => {
    const facts = given({
      deadLetters: [
        { source: 'a', sourceWarehouses: ['W1'], pending: 2, oldestAt: hoursAgo(1), codes: ['UNKNOWN_STATUS'] },
        { source: 'b', sourceWarehouses: ['W2'], pending: 10, oldestAt: hoursAgo(1), codes: ['UNKNOWN_SKU'] },
        { source: 'c', sourceWarehouses: ['W3'], pending: 1, oldestAt: hoursAgo(24), codes: ['UNKNOWN_SKU'] },
      ],
    });
    assert.deepEqual(ofType(facts, 'dead_letters').map((f) => [f.subject, f.severity]), [
      ['a', 'medium'],
      ['b', 'high'],
      ['c', 'high'],
    ]);
  });

  test('order at risk: promise minus now below the lead time is high, past the promise critical; no promise or time enough: nothing', () => {
    const order = { state: 'allocated', warehouses: ['W1'], unitsOrdered: 5, unitsShipped: 0, promisedHours: 48 };
    const facts = given({
      openOrders: [
        { ...order, id: 'OK', createdAt: hoursAgo(10) }, // 38 h left ≥ 24 h
        { ...order, id: 'RISK', createdAt: hoursAgo(30) }, // 18 h left
        { ...order, id: 'LATE', createdAt: hoursAgo(50) }, // 2 h past
        { ...order, id: 'NOPROMISE', createdAt: hoursAgo(50), promisedHours: null },
      ],
    });
    const found = ofType(facts, 'order_at_risk');
    assert.deepEqual(found.map((f) => [f.subject, f.severity]), [
      ['RISK', 'high'],
      ['LATE', 'critical'],
    ]);
    assert.equal(found[0]?.evidence.href, '/api/orders/RISK');
    assert.equal(found[0]?.evidence.facts.hoursLeft, 18);
  });

  test('predicted stock-out: days of cover = ATP ÷ (outbound ÷ 7 days) below 7 is medium, below 2 high, no ATP critical', () => {
    const facts = given({
      demand: [
        { warehouse: 'W1', sku: 'PLENTY', atp: 700, outboundUnits: 70 }, // 70 days
        { warehouse: 'W1', sku: 'LOW', atp: 50, outboundUnits: 70 }, // 5 days
        { warehouse: 'W1', sku: 'VERYLOW', atp: 10, outboundUnits: 70 }, // 1 day
        { warehouse: 'W1', sku: 'OUT', atp: 0, outboundUnits: 7 },
        { warehouse: 'W1', sku: 'IDLE', atp: 0, outboundUnits: 0 },
      ],
    });
    const found = ofType(facts, 'stockout_risk');
    assert.deepEqual(found.map((f) => [f.sku, f.severity, f.evidence.facts.daysOfCover]), [
      ['LOW', 'medium', 5],
      ['VERYLOW', 'high', 1],
      ['OUT', 'critical', 0],
    ]);
  });

  test('aged stock: lots older than 180 days are low, older than 360 medium; unknown receipt dates are not judged', () => {
    const lot = { warehouse: 'W1', sku: 'S1', qty: 10, expiry: null, minShelfLifeDays: 0 };
    const facts = given({
      lots: [
        { ...lot, lot: 'NEW', receivedAt: hoursAgo(24 * 179) },
        { ...lot, lot: 'OLD', receivedAt: hoursAgo(24 * 181) },
        { ...lot, lot: 'ANCIENT', receivedAt: hoursAgo(24 * 400) },
        { ...lot, lot: 'UNKNOWN', receivedAt: null },
      ],
    });
    assert.deepEqual(ofType(facts, 'aged_stock').map((f) => [f.subject, f.severity]), [
      ['OLD', 'low'],
      ['ANCIENT', 'medium'],
    ]);
  });

  test('expiring stock: expired critical, under 7 days high, below the SKU minimum shelf life medium, within 7 days low', () => {
    const lot = { warehouse: 'W1', sku: 'S1', qty: 10, receivedAt: null, minShelfLifeDays: 0 };
    const facts = given({
      lots: [
        { ...lot, lot: 'GONE', expiry: '2026-11-24' },
        { ...lot, lot: 'SOON', expiry: '2026-11-28' },
        { ...lot, lot: 'EDGE', expiry: '2026-12-02' }, // 7 days
        { ...lot, lot: 'SHELF', expiry: '2027-03-01', minShelfLifeDays: 180 },
        { ...lot, lot: 'FINE', expiry: '2027-03-01' },
      ],
    });
    assert.deepEqual(ofType(facts, 'expiring_stock').map((f) => [f.subject, f.severity, f.evidence.facts.daysLeft]), [
      ['GONE', 'critical', -1],
      ['SOON', 'high', 3],
      ['EDGE', 'low', 7],
      ['SHELF', 'medium', 96],
    ]);
  });

  test('master data conflict: duplicate GTINs and undeclared synonyms are high and network-wide; homonyms are not raised', () => {
    const facts = given({
      conflicts: [
        { kind: 'duplicate-gtin', gtin: '06901234567892', skus: ['A', 'B'], message: 'dup' },
        { kind: 'homonym', code: 'X1', mappings: [{ system: 's1', sku: 'A' }, { system: 's2', sku: 'B' }], message: 'homonym' },
      ],
    });
    const found = ofType(facts, 'mdm_conflict');
    assert.deepEqual(found.map((f) => [f.subject, f.severity, f.warehouse]), [['duplicate-gtin:06901234567892', 'high', null]]);
  });

  test('one fingerprint seen twice in one sweep becomes one finding, the more severe', () => {
    const base = { snapshotId: 's', takenAt: hoursAgo(1), warehouse: 'W1', sku: 'S', lot: '', status: 'available' };
    const facts = given({ drift: [{ ...base, ledgerQty: 1000, countedQty: 999, delta: -1 }, { ...base, ledgerQty: 10, countedQty: 5, delta: -5 }] });
    const found = ofType(facts, 'snapshot_drift');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.severity, 'high');
  });
});

const owners = new Map<string, TypeOwner>([
  ['sequence_gap', { type: 'sequence_gap', team: 'integration', escalationContact: 'int@x', routeTo: 'type', escalateAfterMinutes: 60, updatedAt: '', updatedBy: 'system' }],
  ['negative_stock', { type: 'negative_stock', team: 'inventory-control', escalationContact: 'ic@x', routeTo: 'warehouse', escalateAfterMinutes: 30, updatedAt: '', updatedBy: 'system' }],
]);
const warehouses = new Map([['W1', { id: 'W1', ownerTeam: 'ops-w1', escalationContact: 'w1@x' }]]);

describe('owners', () => {
  test('routeTo warehouse: the warehouse team and contact; routeTo type or no warehouse: the type row', () => {
    assert.deepEqual(resolveOwner('negative_stock', 'W1', owners, warehouses), { team: 'ops-w1', escalationContact: 'w1@x', from: 'warehouse' });
    assert.deepEqual(resolveOwner('negative_stock', null, owners, warehouses), { team: 'inventory-control', escalationContact: 'ic@x', from: 'type' });
    assert.deepEqual(resolveOwner('sequence_gap', 'W1', owners, warehouses), { team: 'integration', escalationContact: 'int@x', from: 'type' });
  });
});

const finding = (subject: string, severity: Finding['severity'] = 'medium'): Finding => ({
  type: 'sequence_gap',
  severity,
  warehouse: 'W1',
  sku: null,
  subject,
  title: `gap ${subject}`,
  message: 'm',
  evidence: { href: '/api/gaps', facts: {} },
});

describe('sweep plan', () => {
  let n = 0;
  const plan = (findings: Finding[], active: ExceptionView[], now = NOW, quiet = new Set<string>()) =>
    planSweep({ findings, active, quiet, owners, warehouses, now, newId: () => `exc_${++n}` });

  test('a new problem opens one exception; seen again it updates that one (count, lastSeenAt, severity) instead of opening another', () => {
    const first = plan([finding('g1')], []);
    assert.equal(first.opened.length, 1);
    const opened = first.opened[0] as ExceptionView;
    assert.equal(opened.count, 1);
    assert.equal(opened.fingerprint, fingerprintOf(finding('g1')));
    const later = new Date(NOW.getTime() + 30_000);
    const second = plan([finding('g1', 'high')], [opened], later);
    assert.equal(second.opened.length, 0);
    assert.equal(second.seenAgain.length, 1);
    assert.equal(second.seenAgain[0]?.after.count, 2);
    assert.equal(second.seenAgain[0]?.after.lastSeenAt, later.toISOString());
    assert.equal(second.seenAgain[0]?.after.severity, 'high');
    assert.equal(second.seenAgain[0]?.changed, true);
  });

  test('a problem no longer found is resolved by system', () => {
    const opened = plan([finding('g1')], []).opened[0] as ExceptionView;
    const p = plan([], [opened]);
    assert.equal(p.autoResolved.length, 1);
    assert.equal(p.autoResolved[0]?.state, 'resolved');
    assert.equal(p.autoResolved[0]?.resolvedBy, 'system');
    assert.equal(p.autoResolved[0]?.resolution, 'auto');
  });

  test('an open exception past its type\'s escalation time is escalated once; an acknowledged one is not', () => {
    const opened = plan([finding('g1')], []).opened[0] as ExceptionView;
    const in61 = new Date(NOW.getTime() + 61 * 60_000);
    assert.equal(plan([finding('g1')], [opened], new Date(NOW.getTime() + 59 * 60_000)).escalated.length, 0);
    const p = plan([finding('g1')], [opened], in61);
    assert.equal(p.escalated.length, 1);
    const escalated = p.escalated[0] as ExceptionView;
    assert.equal(plan([finding('g1')], [escalated], in61).escalated.length, 0);
    assert.equal(plan([finding('g1')], [{ ...opened, state: 'acknowledged' }], in61).escalated.length, 0);
  });

  test('a problem a person resolved within the quiet period is not raised again', () => {
    assert.equal(plan([finding('g1')], [], NOW, new Set([fingerprintOf(finding('g1'))])).opened.length, 0);
  });
});

describe('transitions', () => {
  const open = planSweep({ findings: [finding('g1')], active: [], quiet: new Set(), owners, warehouses, now: NOW, newId: () => 'exc_1' }).opened[0] as ExceptionView;
  const at = new Date(NOW.getTime() + 60_000);

  test('open → acknowledged → resolved records who and when', () => {
    const ack = applyAction(open, { kind: 'acknowledge' }, 'user:li', at);
    assert.deepEqual([ack.state, ack.acknowledgedBy, ack.acknowledgedAt], ['acknowledged', 'user:li', at.toISOString()]);
    const res = applyAction(ack, { kind: 'resolve' }, 'user:wang', at);
    assert.deepEqual([res.state, res.resolvedBy, res.resolution], ['resolved', 'user:wang', 'manual']);
  });

  test('resolved → acknowledged, acknowledged → acknowledged and assigning a resolved exception are refused with EXCEPTION_STATE_CONFLICT', () => {
    const res = applyAction(open, { kind: 'resolve' }, 'user:li', at);
    for (const [e, action] of [
      [res, { kind: 'acknowledge' }],
      [applyAction(open, { kind: 'acknowledge' }, 'u', at), { kind: 'acknowledge' }],
      [res, { kind: 'assign', assignee: 'x' }],
      [res, { kind: 'resolve' }],
    ] as const) {
      assert.throws(
        () => applyAction(e, action, 'user:li', at),
        (err: unknown) => err instanceof StockmeshError && err.code === 'EXCEPTION_STATE_CONFLICT' && err.message.includes(`is ${e.state}`),
      );
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GENESIS_HASH } from '../store/index.ts';
import { type ChainRow, checkAuditChain, checkAuditHead } from './audit-chain.ts';
import { auditHash, stateJson } from './audit-hash.ts';

/** A well-formed chain of `n` entries, built with the same recipe the writer uses. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f = {
      seq,
      at: `2026-11-25T08:00:0${seq % 10}.000Z`,
      actor: 'user:alice',
      via: 'api',
      action: 'masterdata.sku.update',
      targetKind: 'sku',
      targetId: `SKU-${seq}`,
      warehouse: seq % 2 ? 'SHA-RDC' : null,
      beforeJson: stateJson({ name: `old ${seq}` }),
      afterJson: stateJson({ name: `new ${seq}` }),
      requestId: `req-${seq}`,
    };
    const hash = auditHash(prev, f);
    rows.push({ ...f, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

const start = { seq: 0, hash: GENESIS_HASH };

describe('audit hash', () => {
  test('given the same fields, when hashed twice, then the hash is the same; any field changes it', () => {
    const [r] = chain(1) as [ChainRow];
    assert.equal(auditHash(GENESIS_HASH, r), r.hash);
    for (const k of ['at', 'actor', 'via', 'action', 'targetKind', 'targetId', 'warehouse', 'beforeJson', 'afterJson', 'requestId'] as const) {
      assert.notEqual(auditHash(GENESIS_HASH, { ...r, [k]: 'x' }), r.hash, k);
    }
    assert.notEqual(auditHash(GENESIS_HASH, { ...r, seq: 2 }), r.hash);
    assert.notEqual(auditHash('f'.repeat(64), r), r.hash);
  });

  test('state JSON sorts keys at every level and drops undefined, so one state stores as one text', () => {
    assert.equal(stateJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":2,"z":1}]},"b":1}');
    assert.equal(stateJson({ a: 1, b: 2 }), stateJson({ b: 2, a: 1 }));
    assert.equal(stateJson(undefined), null);
    assert.equal(stateJson(null), null);
    assert.equal(stateJson(new Date('2026-01-02T03:04:05Z')), '"2026-01-02T03:04:05.000Z"');
  });
});

describe('audit chain check', () => {
  test('an intact chain verifies and ends at its last entry', () => {
    const rows = chain(5);
    const r = checkAuditChain(rows, start);
    assert.deepEqual(r, { ok: true, entries: 5, last: { seq: 5, hash: rows[4]?.hash } });
    assert.equal(checkAuditHead({ seq: 5, hash: rows[4]?.hash as string }, { seq: 5, hash: rows[4]?.hash as string }), undefined);
  });

  test('an empty chain verifies against the genesis head', () => {
    assert.deepEqual(checkAuditChain([], start), { ok: true, entries: 0, last: start });
    assert.equal(checkAuditHead(start, start), undefined);
  });

  test('a chain checks in pages: the second page continues from the first', () => {
    const rows = chain(6);
    const first = checkAuditChain(rows.slice(0, 3), start, rows[3]);
    assert.ok(first.ok);
    const second = checkAuditChain(rows.slice(3), first.last);
    assert.deepEqual(second, { ok: true, entries: 3, last: { seq: 6, hash: rows[5]?.hash } });
  });

  for (const field of ['at', 'actor', 'via', 'action', 'targetKind', 'targetId', 'warehouse', 'beforeJson', 'afterJson', 'requestId'] as const) {
    test(`an edited ${field} is named at its entry`, () => {
      const rows = chain(5);
      rows[2] = { ...(rows[2] as ChainRow), [field]: field === 'warehouse' ? 'CAN-RDC' : `${String(rows[2]?.[field])}!` };
      const r = checkAuditChain(rows, start);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.broken.seq, 3);
      assert.equal(!r.ok && r.entries, 2);
      assert.match(!r.ok ? r.broken.reason : '', /content does not match its hash/);
    });
  }

  test('an edited hash column is told apart from edited fields', () => {
    const rows = chain(5);
    rows[1] = { ...(rows[1] as ChainRow), hash: 'f'.repeat(64) };
    const r = checkAuditChain(rows, start);
    assert.equal(!r.ok && r.broken.seq, 2);
    assert.match(!r.ok ? r.broken.reason : '', /stored hash was edited/);
  });

  test('the lookahead tells an edited hash on the last row of a page', () => {
    const rows = chain(4);
    const page = rows.slice(0, 2);
    page[1] = { ...(page[1] as ChainRow), hash: 'e'.repeat(64) };
    const r = checkAuditChain(page, start, rows[2]);
    assert.match(!r.ok ? r.broken.reason : '', /stored hash was edited/);
  });

  test('an edit with a recomputed hash breaks the next link', () => {
    const rows = chain(5);
    const edited = { ...(rows[2] as ChainRow), actor: 'user:mallory' };
    rows[2] = { ...edited, hash: auditHash(edited.prevHash, edited) };
    const r = checkAuditChain(rows, start);
    assert.equal(!r.ok && r.broken.seq, 4);
    assert.match(!r.ok ? r.broken.reason : '', /does not point at the hash of entry 3/);
  });

  test('a deleted entry in the middle is named as missing', () => {
    const rows = chain(5);
    rows.splice(2, 1);
    const r = checkAuditChain(rows, start);
    assert.equal(!r.ok && r.broken.seq, 3);
    assert.match(!r.ok ? r.broken.reason : '', /entry 3 is missing/);
  });

  test('several deleted entries are named as a range', () => {
    const rows = chain(6);
    rows.splice(1, 3);
    const r = checkAuditChain(rows, start);
    assert.equal(!r.ok && r.broken.seq, 2);
    assert.match(!r.ok ? r.broken.reason : '', /entries 2 to 4 are missing/);
  });

  test('a deleted last entry shows at the head', () => {
    const rows = chain(5);
    const head = { seq: 5, hash: rows[4]?.hash as string };
    const r = checkAuditChain(rows.slice(0, 4), start);
    assert.ok(r.ok);
    const broken = checkAuditHead(head, r.last);
    assert.equal(broken?.seq, 5);
    assert.match(broken?.reason ?? '', /deleted from the end/);
  });

  test('an entry appended around the hub (head not moved) shows at the head', () => {
    const rows = chain(5);
    const r = checkAuditChain(rows, start);
    assert.ok(r.ok);
    const broken = checkAuditHead({ seq: 4, hash: rows[3]?.hash as string }, r.last);
    assert.equal(broken?.seq, 5);
  });

  test('an edited head hash is named', () => {
    const rows = chain(3);
    const r = checkAuditChain(rows, start);
    assert.ok(r.ok);
    assert.match(checkAuditHead({ seq: 3, hash: 'a'.repeat(64) }, r.last)?.reason ?? '', /head's hash differs/);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subjectMatches } from './index.ts';
import { checkFilter, checkSubject, filterWithin, literalPrefix } from './subject.ts';

test('given NATS wildcards, then `*` matches one token and a final `>` one or more', () => {
  assert.equal(subjectMatches('stockmesh.inventory.*', 'stockmesh.inventory.WH-SH'), true);
  assert.equal(subjectMatches('stockmesh.inventory.*', 'stockmesh.inventory.WH-SH.x'), false);
  assert.equal(subjectMatches('stockmesh.inventory.*', 'stockmesh.inventory'), false);
  assert.equal(subjectMatches('stockmesh.>', 'stockmesh.inventory.WH-SH'), true);
  assert.equal(subjectMatches('stockmesh.>', 'stockmesh'), false);
  assert.equal(subjectMatches('>', 'a'), true);
  assert.equal(subjectMatches('a.*.c', 'a.b.c'), true);
  assert.equal(subjectMatches('a.b', 'a.b'), true);
  assert.equal(subjectMatches('a.b', 'a.bb'), false);
});

test('the literal prefix of a filter is what every match starts with (for a SQL prefix scan)', () => {
  assert.equal(literalPrefix('stockmesh.inventory.*'), 'stockmesh.inventory.');
  assert.equal(literalPrefix('stockmesh.>'), 'stockmesh.');
  assert.equal(literalPrefix('*.x'), '');
  assert.equal(literalPrefix('a.b'), 'a.b');
  assert.equal(filterWithin('stockmesh.inventory.*', 'stockmesh'), true);
  assert.equal(filterWithin('stockmesh', 'stockmesh'), false);
  assert.equal(filterWithin('*.inventory', 'stockmesh'), false);
  assert.equal(filterWithin('>', 'stockmesh'), false);
});

test('subjects and filters outside the portable alphabet are refused with INVALID_ARGUMENT', () => {
  for (const bad of ['', 'a..b', 'a.b c', 'a.*', 'a.>', 'a.b.', 'ü']) {
    assert.throws(() => checkSubject(bad), (e: { code?: string }) => e.code === 'INVALID_ARGUMENT', bad);
  }
  for (const bad of ['a.>.b', 'a.**', '']) {
    assert.throws(() => checkFilter(bad), (e: { code?: string }) => e.code === 'INVALID_ARGUMENT', bad);
  }
  checkFilter('a.*.>');
  checkSubject('stockmesh.inventory.WH-SH_2');
});

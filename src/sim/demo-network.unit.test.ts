import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANONICAL_STATUSES, emptyMasterData, isValidGtin, normaliseGtin } from '../domain/index.ts';
import { findConflicts, type LocatedRecord, RECORD_KINDS, validateImport } from '../mdm/index.ts';
import { DEMO_HOMONYMS } from './demo-aliases.ts';
import { demoNetwork } from './demo-network.ts';
import { gtin13, packGtin14 } from './gtin-check-digit.ts';

const net = demoNetwork();
const md = net.masterData;

test('given GS1 examples, when check digits are computed, then they match the published codes', () => {
  assert.equal(gtin13('400638133393'), '4006381333931');
  assert.equal(gtin13('629104150021'), '6291041500213');
  assert.ok(isValidGtin(packGtin14('4006381333931', 1)));
  assert.throws(() => gtin13('12345'));
});

test('the network has at least six warehouses of different kinds, regions and time zones', () => {
  assert.ok(md.warehouses.length >= 6);
  assert.ok(new Set(md.warehouses.map((w) => w.kind)).size >= 6);
  assert.ok(new Set(md.warehouses.map((w) => w.region)).size >= 5);
  assert.ok(new Set(md.warehouses.map((w) => w.timeZone)).size >= 2);
  assert.equal(new Set(md.warehouses.map((w) => w.id)).size, md.warehouses.length, 'warehouse ids are unique');
  for (const w of md.warehouses) {
    assert.ok(w.lat > -10 && w.lat < 55 && w.lon > 70 && w.lon < 140, `${w.id} lies in China/Asia`);
    assert.ok(w.dailyCapacity > 0 && w.ownerTeam !== '', `${w.id} has a capacity and an owner team`);
  }
});

test('every SKU has a valid, unique GTIN (or none), integer packs and sound lot rules', () => {
  assert.ok(md.skus.length >= 30);
  const gtins = md.skus.flatMap((s) => (s.gtin ? [normaliseGtin(s.gtin)] : []));
  for (const s of md.skus) if (s.gtin) assert.ok(isValidGtin(s.gtin), `${s.id} GTIN ${s.gtin}`);
  assert.equal(new Set(gtins).size, gtins.length, 'no GTIN is used twice');
  for (const category of ['apparel', 'electronics', 'chilled-food', 'frozen-food', 'pharma']) {
    assert.ok(md.skus.some((s) => s.category === category), `a ${category} SKU`);
  }
  assert.ok(md.skus.some((s) => s.hazmat), 'a dangerous goods SKU');
  for (const s of md.skus.filter((x) => x.category === 'pharma')) assert.ok(s.lotControlled && s.expiryControlled && s.minShelfLifeDays > 0, s.id);
  for (const d of net.skus) {
    assert.ok(!d.sku.expiryControlled || d.sku.lotControlled, `${d.sku.id}: expiry control comes with lots`);
    assert.ok(!d.sku.expiryControlled || (d.shelfLifeDays ?? 0) > d.sku.minShelfLifeDays, `${d.sku.id}: shelf life`);
    const { case: perCase, pallet } = d.packs;
    assert.ok(perCase !== undefined && pallet !== undefined && pallet % perCase === 0, `${d.sku.id}: a pallet holds whole cases`);
    for (const f of Object.values(d.packs)) assert.ok(Number.isInteger(f) && f > 1, `${d.sku.id}: pack factors are integers > 1`);
  }
});

test('every unit, alias and status mapping points at something that exists', () => {
  const skus = new Map(md.skus.map((s) => [s.id, s]));
  const units = new Set(md.units.map((u) => `${u.sku}|${u.unit}`));
  for (const u of md.units) assert.ok(skus.has(u.sku), `unit of unknown SKU ${u.sku}`);
  for (const s of md.skus) assert.ok(units.has(`${s.id}|${s.baseUnit}`), `${s.id} base unit has factor 1`);
  const systems = new Set(md.sources.map((s) => s.id));
  for (const a of md.aliases) {
    assert.ok(skus.has(a.sku), `alias ${a.system}/${a.code} → unknown SKU ${a.sku}`);
    assert.ok(systems.has(a.system), `alias of unknown system ${a.system}`);
    if (a.unit !== undefined) assert.ok(units.has(`${a.sku}|${a.unit}`), `alias ${a.system}/${a.code} unit ${a.unit}`);
  }
  for (const m of md.statusMaps) assert.ok(systems.has(m.system) && (CANONICAL_STATUSES as readonly string[]).includes(m.status));
});

test('one source per warehouse, in different dialects, each with its own status vocabulary', () => {
  const warehouses = new Set(md.warehouses.map((w) => w.id));
  for (const s of md.sources) for (const w of s.warehouses) assert.ok(warehouses.has(w), `${s.id} reports for unknown ${w}`);
  for (const w of warehouses) assert.equal(md.sources.filter((s) => s.warehouses.includes(w)).length, 1, `one source for ${w}`);
  const dialects = new Set(md.sources.map((s) => s.dialect));
  for (const d of ['rest-pull', 'webhook', 'file-drop', 'edi-x12', 'epcis', 'api']) assert.ok(dialects.has(d), d);
  for (const source of net.sources.filter((s) => s.statuses.length > 0)) {
    const covered = new Set(source.statuses.map(([, status]) => status));
    assert.deepEqual([...CANONICAL_STATUSES].filter((c) => !covered.has(c)), [], `${source.source.id} maps every canonical status`);
  }
  // The API client, the X12 partner and the EPCIS portals speak canonical statuses (their connectors map qualifiers and dispositions).
  const mapped = net.sources.filter((s) => s.statuses.length > 0);
  assert.deepEqual(net.sources.filter((s) => s.statuses.length === 0).map((s) => s.source.dialect).sort(), ['api', 'edi-x12', 'epcis']);
  const vocabularies = new Set(mapped.map((s) => s.statuses.map(([e]) => e).join(',')));
  assert.equal(vocabularies.size, mapped.length, 'no two systems share a vocabulary');
  assert.ok(md.statusMaps.some((m) => m.external === '待检'), 'a Chinese ERP vocabulary');
});

test('aliases: GTINs, own item numbers and case codes, with exactly the declared homonyms and no undeclared synonym', () => {
  assert.ok(md.aliases.some((a) => a.unit === 'CA'), 'a system counts in cases (X12 CA)');
  assert.ok(md.units.some((u) => u.unit === '箱'), 'a Chinese unit');
  const conflicts = findConflicts(md);
  assert.deepEqual(conflicts.filter((c) => c.kind !== 'homonym'), []);
  const homonyms = conflicts.flatMap((c) => (c.kind === 'homonym' ? [{ code: c.code, meanings: c.mappings }] : []));
  assert.deepEqual(homonyms, DEMO_HOMONYMS);
});

test('the demo passes master data import validation as a whole', () => {
  const records: LocatedRecord[] = RECORD_KINDS.flatMap((kind) =>
    (md[kind] as readonly unknown[]).map((value, index) => ({ kind, value, origin: { file: 'demo', kind, index } })),
  );
  const v = validateImport(records, emptyMasterData());
  assert.deepEqual(v.problems, []);
});

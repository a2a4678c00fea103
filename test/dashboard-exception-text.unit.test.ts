import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RULES_CONFIG, detectAll, EXCEPTION_TYPES, type ExceptionFacts, type Finding } from '../src/exceptions/index.ts';
import { type MessageKey, en } from '../web/src/i18n/en.ts';
import { exceptionTemplates, exceptionText, TEMPLATED_EXCEPTION_TYPES } from '../web/src/i18n/exception-text.ts';
import { zh } from '../web/src/i18n/zh.ts';

/**
 * The dashboard shows every exception's title and message in English and Chinese, rebuilt from
 * per-type templates of the dictionaries and the rule's evidence facts. The findings below come
 * from the real detection rules (src/exceptions, through its door) over one small facts snapshot
 * that makes every rule fire, in every variant its templates distinguish.
 */
const NOW = new Date('2026-11-26T12:00:00Z');
const FACTS: ExceptionFacts = {
  sources: [{ id: 'sha-wms', warehouses: ['SHA-RDC'], lastEventAt: '2026-11-26T09:00:00Z' }],
  openGaps: [
    { id: 'gap-1', source: 'can-saas', sourceWarehouses: ['CAN-RDC'], fromSeq: 1041, toSeq: 1043, filled: 1, detectedAt: '2026-11-26T10:00:00Z' },
    { id: 'gap-2', source: 'pek-wms', sourceWarehouses: ['PEK-RDC'], fromSeq: 77, toSeq: 77, filled: 0, detectedAt: '2026-11-26T11:50:00Z' },
  ],
  drift: [
    { snapshotId: 'snap-9', takenAt: '2026-11-26T06:00:00Z', warehouse: 'WUH-HUB', sku: 'APP-TEE-WHT-M', lot: '', status: 'available', ledgerQty: 1200, countedQty: 1180, delta: -20 },
    { snapshotId: 'snap-9', takenAt: '2026-11-26T06:00:00Z', warehouse: 'WUH-HUB', sku: 'PHA-AMOX-500', lot: 'L7', status: 'quarantine', ledgerQty: 10, countedQty: 14, delta: 4 },
  ],
  impossible: [
    { warehouse: 'CTU-3PL', sku: 'ELE-USB-C-1M', lot: '', status: 'available', qty: -3, held: 0 },
    { warehouse: 'CTU-3PL', sku: 'ELE-USB-C-2M', lot: '', status: 'available', qty: 5, held: -1 },
    { warehouse: 'CTU-3PL', sku: 'ELE-USB-C-3M', lot: 'B1', status: 'available', qty: 5, held: 8 },
  ],
  deadLetters: [
    { source: 'szx-cold', sourceWarehouses: ['SZX-COLD'], pending: 12, oldestAt: '2026-11-25T08:00:00Z', codes: ['UNKNOWN_SKU', 'BAD_QTY'] },
    { source: 'sin-bond', sourceWarehouses: ['SIN-BOND'], pending: 1, oldestAt: '2026-11-26T11:00:00Z', codes: ['UNKNOWN_SKU'] },
    { source: null, sourceWarehouses: [], pending: 2, oldestAt: '2026-11-26T11:30:00Z', codes: ['BAD_SIGNATURE'] },
  ],
  openOrders: [
    { id: 'ORD-1001', state: 'allocated', createdAt: '2026-11-25T20:00:00Z', promisedHours: 24, warehouses: ['SHA-RDC'], unitsOrdered: 10, unitsShipped: 4 },
    { id: 'ORD-1002', state: 'backordered', createdAt: '2026-11-24T08:00:00Z', promisedHours: 24, warehouses: [], unitsOrdered: 1500, unitsShipped: 0 },
  ],
  demand: [
    { warehouse: 'CAN-RDC', sku: 'APP-TEE-WHT-M', atp: 30, outboundUnits: 70 },
    { warehouse: 'CAN-RDC', sku: 'APP-TEE-BLK-M', atp: 0, outboundUnits: 14 },
  ],
  lots: [
    { warehouse: 'SZV-GDP', sku: 'PHA-AMOX-500', lot: 'A1', qty: 2400, receivedAt: '2026-01-01T00:00:00Z', expiry: '2026-11-30', minShelfLifeDays: 30 },
    { warehouse: 'SZV-GDP', sku: 'PHA-IBU-200', lot: 'X9', qty: 50, receivedAt: '2026-10-01T00:00:00Z', expiry: '2026-11-20', minShelfLifeDays: 0 },
    { warehouse: 'PEK-RDC', sku: 'ELE-USB-C-1M', lot: '', qty: 300, receivedAt: '2025-01-01T00:00:00Z', expiry: null, minShelfLifeDays: 0 },
  ],
  conflicts: [
    { kind: 'duplicate-gtin', gtin: '04006381333931', skus: ['APP-TEE-WHT-M', 'APP-TEE-WHT-M2'], message: 'x' },
    { kind: 'undeclared-synonym', system: 'can-saas', code: 'APP-TEE-BLK-M', sku: 'APP-TEE-WHT-M', otherSku: 'APP-TEE-BLK-M', via: 'id', message: 'x' },
    { kind: 'undeclared-synonym', system: 'can-saas', code: '04006381333932', sku: 'APP-TEE-WHT-M', otherSku: 'APP-TEE-BLK-M', via: 'gtin', message: 'x' },
  ],
};

const findings: Finding[] = detectAll(FACTS, NOW, DEFAULT_RULES_CONFIG);
const LANGS = [
  { name: 'en', dict: en as Record<MessageKey, string>, locale: 'en-GB' },
  { name: 'zh', dict: zh, locale: 'zh-CN' },
] as const;

test('the fixture makes every exception type fire', () => {
  assert.deepEqual([...new Set(findings.map((f) => f.type))].sort(), [...EXCEPTION_TYPES].sort());
  assert.deepEqual([...TEMPLATED_EXCEPTION_TYPES].sort(), [...EXCEPTION_TYPES].sort(), 'the dashboard knows every type of src/exceptions');
});

test("every exception type's title and message come from templates in both languages, with no placeholder left", () => {
  for (const f of findings) {
    for (const { name, dict, locale } of LANGS) {
      const tpl = exceptionTemplates(f, dict, locale);
      assert.ok(tpl, `${f.type} has templates`);
      assert.ok(tpl.title.startsWith(`excTitle.${f.type}`) && tpl.message.startsWith(`excMessage.${f.type}`), `${f.type}: ${tpl.title} / ${tpl.message}`);
      const text = exceptionText(f, dict, locale);
      assert.ok(text.localized, `${name} ${f.type} (${f.subject}) is filled from its facts: ${text.title} / ${text.message}`);
      for (const s of [text.title, text.message]) {
        assert.doesNotMatch(s, /\{\w+\}|undefined|NaN|null/, `${name} ${f.type}: ${s}`);
        if (name === 'zh') assert.match(s, /[\u4e00-\u9fff]/, `zh ${f.type} is Chinese: ${s}`);
      }
    }
  }
});

test('every exception template of the dictionaries is used by some finding', () => {
  const used = new Set<string>();
  for (const f of findings) {
    const tpl = exceptionTemplates(f, en, 'en-GB');
    if (tpl) used.add(tpl.title).add(tpl.message);
  }
  const templates = Object.keys(en).filter((k) => k.startsWith('excTitle.') || k.startsWith('excMessage.'));
  assert.deepEqual(templates.filter((k) => !used.has(k)), []);
});

test('numbers, dates and enumerated values are formatted for the language', () => {
  const expiring = findings.find((f) => f.type === 'expiring_stock' && f.subject === 'A1');
  assert.ok(expiring);
  assert.equal(exceptionText(expiring, en, 'en-GB').title, '2,400 × PHA-AMOX-500 lot A1 expires in 4 days at SZV-GDP');
  assert.equal(exceptionText(expiring, zh, 'zh-CN').title, 'SZV-GDP 的 PHA-AMOX-500 批次 A1（2,400 件）4 天后到期');
  assert.match(exceptionText(expiring, en, 'en-GB').message, /expires 30 Nov 2026: 4 days left/);
  assert.match(exceptionText(expiring, zh, 'zh-CN').message, /于 2026年11月30日 到期/);
  const drift = findings.find((f) => f.type === 'snapshot_drift' && f.sku === 'PHA-AMOX-500');
  assert.ok(drift);
  assert.equal(exceptionText(drift, en, 'en-GB').title, 'Snapshot drift +4 on PHA-AMOX-500 lot L7 at WUH-HUB');
  assert.equal(exceptionText(drift, zh, 'zh-CN').message, '快照 snap-9 盘点待检 14，账面为 10：已调整 +4。');
  const late = findings.find((f) => f.type === 'order_at_risk' && f.subject === 'ORD-1002');
  assert.ok(late);
  assert.equal(exceptionText(late, zh, 'zh-CN').title, '订单 ORD-1002 已错过承诺时间');
  assert.match(exceptionText(late, en, 'en-GB').message, /^Order ORD-1002 \(Backordered\) .* 0 of 1,500 units shipped, 28 h late\.$/);
  const unknown = findings.find((f) => f.type === 'dead_letters' && f.evidence.facts['source'] === null);
  assert.ok(unknown);
  assert.equal(exceptionText(unknown, zh, 'zh-CN').title, '未知来源 有 2 条死信待处理');
});

test("a missing fact falls back to the API's English text for that text only, never 'undefined'", () => {
  const aged = findings.find((f) => f.type === 'aged_stock');
  assert.ok(aged);
  const { receivedAt: _gone, ...facts } = aged.evidence.facts;
  const partial = { ...aged, evidence: { ...aged.evidence, facts } };
  const text = exceptionText(partial, zh, 'zh-CN');
  assert.equal(text.localized, false);
  assert.equal(text.message, aged.message, 'the message needs receivedAt: English from the API');
  assert.match(text.title, /已在库/, 'the title does not need it: still Chinese');
  const bare = { ...aged, evidence: { href: aged.evidence.href, facts: {} } };
  assert.deepEqual(exceptionText(bare, zh, 'zh-CN'), { title: aged.title, message: aged.message, localized: false });
  const alien = { ...aged, type: 'some_future_type' };
  assert.deepEqual(exceptionText(alien, zh, 'zh-CN'), { title: aged.title, message: aged.message, localized: false });
});

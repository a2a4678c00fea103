import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { combineConnectors, type ConnectorsFile, loadConnectorsConfig, parseConnectorsConfig, resolveSecret } from '../src/connectors/network/index.ts';
import { StockmeshError } from '../src/domain/index.ts';

const ctx = { origin: 'connectors.json', baseDir: '/etc/stockmesh', env: { SAAS_SECRET: 's3cret', RFID_TOKEN: 't0ken', WMS_AUTH: 'Bearer abc' } };

const file: ConnectorsFile = {
  webhook: { toleranceSec: 120 },
  sources: [
    { source: 'wms-sh', dialect: 'rest-pull', baseUrl: 'https://wms.sh.example.com', headers: { authorization: 'env:WMS_AUTH' }, pageSize: 200, warehouseCodes: { SH01: 'WH-SH' } },
    { source: 'saas-bj', dialect: 'webhook', secret: ['env:SAAS_SECRET', 'old-secret'] },
    {
      source: 'erp-gz',
      dialect: 'file-drop',
      dir: 'drop/erp-gz',
      layouts: [{ name: 'stock', match: '^KC_(?<date>\\d{8})', kind: 'snapshot', format: { kind: 'csv', columns: { sku: '物料编码', quantity: '数量', status: '库存状态' } }, defaults: { warehouse: 'WH-GZ' } }],
    },
    { source: 'tpl', dialect: 'edi-x12', inbox: '/srv/edi/in', outbox: 'edi/out', hub: { qualifier: 'ZZ', id: 'STOCKMESH' }, partner: { qualifier: 'ZZ', id: 'EAST3PL' }, parties: { EAST01: 'WH-SH' } },
    { source: 'rfid', dialect: 'epcis', token: 'env:RFID_TOKEN', locations: { '0614141000005': 'WH-SH' }, bizSteps: { shipping: { kind: 'remove', reason: 'ship', from: 'picking' } } },
  ],
};

test('given a file with all five dialects, then it parses, secrets come from the environment and folders from the file', () => {
  const c = parseConnectorsConfig(file, ctx);
  assert.equal(c.origin, 'connectors.json');
  assert.equal(c.webhook.toleranceSec, 120);
  assert.deepEqual(c.sources.map((s) => s.dialect), ['rest-pull', 'webhook', 'file-drop', 'edi-x12', 'epcis']);
  const [rest, hook, drop, edi, rfid] = c.sources;
  assert.equal(rest?.dialect === 'rest-pull' && rest.headers?.authorization, 'Bearer abc');
  assert.deepEqual(hook?.dialect === 'webhook' && hook.secret, ['s3cret', 'old-secret']);
  assert.equal(drop?.dialect === 'file-drop' && drop.dir, '/etc/stockmesh/drop/erp-gz');
  assert.deepEqual(edi?.dialect === 'edi-x12' && [edi.inbox, edi.outbox], ['/srv/edi/in', '/etc/stockmesh/edi/out']);
  assert.deepEqual(rfid?.dialect === 'epcis' && rfid.token, ['t0ken']);
});

function problemsOf(value: unknown, env: NodeJS.ProcessEnv = ctx.env): string[] {
  try {
    parseConnectorsConfig(value, { ...ctx, env });
  } catch (err) {
    assert.ok(err instanceof StockmeshError);
    assert.equal(err.code, 'INVALID_ARGUMENT');
    return err.problems.map((p) => `${p.where}: ${p.message}`);
  }
  assert.fail('expected problems');
}

test('given mistakes, then every one is named with the file and the path, all at once', () => {
  const bad = {
    sources: [
      { source: 'wms-sh', dialect: 'rest-pull', baseUrl: 'ftp://x', pageSzie: 10 },
      { source: 'x', dialect: 'carrier-pigeon' },
      { source: 'erp', dialect: 'file-drop', dir: 'd', layouts: [{ name: 'l', match: '([', kind: 'journal', format: { kind: 'csv', columns: {} } }] },
      { source: 'wms-sh', dialect: 'webhook', secret: 'x' },
    ],
  };
  const problems = problemsOf(bad);
  const has = (re: RegExp) => assert.ok(problems.some((p) => re.test(p)), `${re} in:\n${problems.join('\n')}`);
  has(/^connectors\.json: sources\[0\]\.baseUrl: /);
  has(/^connectors\.json: sources\[0\]: .*pageSzie/);
  has(/^connectors\.json: sources\[1\]\.dialect: /);
  has(/^connectors\.json: sources\[2\]\.layouts\[0\]\.match: not a valid regular expression/);
  has(/^connectors\.json: sources\[3\]\.source: source "wms-sh" is configured twice/);
});

test('given a secret naming an unset variable, then the problem names the variable and the path, not the value', () => {
  const problems = problemsOf({ sources: [{ source: 'saas', dialect: 'webhook', secret: 'env:NOPE_SECRET' }] }, {});
  assert.deepEqual(problems, ['connectors.json: sources[0].secret: environment variable NOPE_SECRET (from "env:NOPE_SECRET") is not set or empty']);
  assert.deepEqual(resolveSecret('plain', {}), { ok: true, value: 'plain' });
  assert.equal(resolveSecret('env:1BAD', {}).ok, false);
});

test('given a file on disk, then it loads relative to its folder; a file that is not JSON is named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-cfg-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'connectors.json');
  writeFileSync(path, JSON.stringify({ sources: [{ source: 'erp', dialect: 'file-drop', dir: 'inbox', layouts: file.sources[2]?.dialect === 'file-drop' ? file.sources[2].layouts : [] }] }));
  const c = await loadConnectorsConfig(path, {});
  assert.equal(c.sources[0]?.dialect === 'file-drop' && c.sources[0].dir, join(dir, 'inbox'));
  writeFileSync(path, '{ "sources": [ ');
  await assert.rejects(loadConnectorsConfig(path, {}), (err: unknown) => err instanceof StockmeshError && err.problems[0]?.where === path && /not JSON/.test(err.problems[0]?.message ?? ''));
  await assert.rejects(loadConnectorsConfig(join(dir, 'missing.json'), {}), /connectors configuration/);
});

test('given two configurations, then they combine; the same source in both is refused', () => {
  const a = parseConnectorsConfig({ sources: [{ source: 'a', dialect: 'webhook', secret: 'x' }] }, { ...ctx, origin: 'demo' });
  const b = parseConnectorsConfig({ webhook: { toleranceSec: 30 }, sources: [{ source: 'b', dialect: 'webhook', secret: 'y' }] }, ctx);
  const both = combineConnectors(a, b);
  assert.deepEqual([both.origin, both.webhook.toleranceSec, both.sources.map((s) => s.source)], ['demo + connectors.json', 30, ['a', 'b']]);
  assert.throws(() => combineConnectors(a, a), /source a is configured both in demo and in demo/);
});

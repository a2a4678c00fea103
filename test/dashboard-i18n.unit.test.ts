import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { en } from '../web/src/i18n/en.ts';
import { zh } from '../web/src/i18n/zh.ts';

/**
 * The dashboard speaks English and Simplified Chinese completely: both dictionaries have the same
 * keys, no empty text, the same placeholders; every key the pages use exists; no page shows
 * English text that bypasses the dictionaries.
 */
const WEB_SRC = fileURLToPath(new URL('../web/src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

test('English and Chinese have exactly the same keys', () => {
  const a = Object.keys(en).sort();
  const b = Object.keys(zh).sort();
  assert.deepEqual(a.filter((k) => !b.includes(k)), [], 'keys missing in zh');
  assert.deepEqual(b.filter((k) => !a.includes(k)), [], 'keys only in zh');
  assert.ok(a.length > 300, `a real dictionary (${a.length} keys)`);
});

test('no empty text, and the same placeholders in both languages', () => {
  for (const [k, v] of Object.entries(en)) assert.ok(v.trim().length > 0, `en ${k} is empty`);
  for (const [k, v] of Object.entries(zh)) assert.ok(v.trim().length > 0, `zh ${k} is empty`);
  for (const k of Object.keys(en) as (keyof typeof en)[]) assert.deepEqual(placeholders(zh[k]), placeholders(en[k]), `placeholders of ${k}`);
});

test('Chinese is Chinese: most texts contain CJK characters', () => {
  const values = Object.values(zh);
  const cjk = values.filter((v) => /[\u4e00-\u9fff]/.test(v)).length;
  assert.ok(cjk / values.length > 0.9, `${cjk} of ${values.length} Chinese texts contain Chinese characters`);
});

test('every literal key the pages use is in the dictionary', () => {
  const used = new Set<string>();
  for (const f of sources(WEB_SRC)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)) used.add(m[1] ?? '');
    for (const m of text.matchAll(/title: '([a-zA-Z0-9.]+)'/g)) used.add(m[1] ?? '');
  }
  const missing = [...used].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 150, `${used.size} keys used`);
});

test('no English text written straight into the pages (all of it goes through the dictionaries)', () => {
  // Every JSX text node and every visible string attribute of every page, read with the
  // TypeScript parser: only language names, codes and punctuation may be literal.
  const allowed = new Set(['EN', '中文', 'GTIN', 'CST', '#']);
  const visibleAttrs = new Set(['placeholder', 'title', 'aria-label', 'alt', 'label']);
  const offenders: string[] = [];
  let texts = 0;
  for (const f of sources(WEB_SRC).filter((x) => x.endsWith('.tsx'))) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const visit = (n: ts.Node): void => {
      if (ts.isJsxText(n)) {
        const s = n.text.trim();
        if (s) texts += 1;
        if (/[A-Za-z\u4e00-\u9fff]/.test(s) && !allowed.has(s)) offenders.push(`${f.slice(WEB_SRC.length)}: ${s}`);
      } else if (ts.isJsxAttribute(n) && n.initializer && ts.isStringLiteral(n.initializer) && visibleAttrs.has(n.name.getText(sf))) {
        offenders.push(`${f.slice(WEB_SRC.length)}: ${n.name.getText(sf)}="${n.initializer.text}"`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  assert.deepEqual(offenders, []);
  assert.ok(texts > 0, 'the parser saw JSX text');
});

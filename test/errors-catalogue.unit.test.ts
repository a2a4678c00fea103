import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '../src/domain/index.ts';

test('every error code is documented in docs/errors.md, and every documented code exists', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  const codes = new Set(Object.keys(ERROR_CODES));
  assert.deepEqual([...codes].filter((c) => !documented.has(c)), [], 'codes missing from docs/errors.md');
  assert.deepEqual([...documented].filter((c) => !codes.has(c as string)), [], 'docs/errors.md lists codes that do not exist');
});

import type { z } from 'zod';
import { type ErrorCode, problem, type Problem } from '../domain/index.ts';
import { type LocatedRecord, placeOf, type ValidRecord } from './import-record.ts';
import { fieldsOf, RECORD_SCHEMAS } from './record-schemas.ts';

export type CheckedRecord = { readonly ok: true; readonly valid: ValidRecord } | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Checks one record against the schema of its kind. A record that passes comes back complete
 * (defaults filled in); one that fails yields one problem per wrong field, each naming the field,
 * what was expected and the value found. A bad GTIN has its own code, INVALID_GTIN.
 */
export function checkRecord(rec: LocatedRecord): CheckedRecord {
  const { kind, value, origin } = rec;
  if (!isPlainObject(value)) {
    const p = problem('MALFORMED_RECORD', `a ${singular(kind)} record must be a mapping of fields, got ${show(value)}`, placeOf(origin));
    return { ok: false, problems: [p] };
  }
  const result = RECORD_SCHEMAS[kind].safeParse(value);
  if (result.success) return { ok: true, valid: { kind, record: result.data, origin } as ValidRecord };
  const problems: Problem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const msg = `unknown field "${key}" for ${kind} (fields: ${fieldsOf(kind).join(', ')})`;
        problems.push(problem('MALFORMED_RECORD', msg, placeOf(origin, key)));
      }
      continue;
    }
    const field = pathText(issue.path);
    const code = codeOf(issue);
    // An INVALID_GTIN message names the GTIN and what is wrong with it: it stands on its own.
    const message = code === 'INVALID_GTIN' ? issue.message : `${field} ${describe(issue, valueAt(value, issue.path))}`;
    problems.push(problem(code, message, placeOf(origin, field)));
  }
  return { ok: false, problems };
}

const SINGULAR: Record<string, string> = {
  warehouses: 'warehouse',
  skus: 'SKU',
  units: 'unit conversion',
  aliases: 'alias',
  statusMaps: 'status mapping',
  sources: 'source',
};
const singular = (kind: string): string => SINGULAR[kind] ?? kind;

function codeOf(issue: z.core.$ZodIssue): ErrorCode {
  const params = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined) : undefined;
  return params?.code === 'INVALID_GTIN' ? 'INVALID_GTIN' : 'MALFORMED_RECORD';
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function describe(issue: z.core.$ZodIssue, found: unknown): string {
  if (issue.code === 'invalid_type') {
    if (found === undefined || found === null) return 'is required';
    return `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${show(found)}`;
  }
  return `${issue.message}, got ${show(found)}`;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as a person reads it in a message: strings quoted, long ones cut. */
export function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../orders/index.ts';

/** The stored columns of one audit entry that its hash covers (before/after as stored text). */
export interface HashedAuditFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly via: string;
  readonly action: string;
  readonly targetKind: string;
  readonly targetId: string;
  readonly warehouse: string | null;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
  readonly requestId: string | null;
}

/**
 * Hash of one audit entry, the ledger's recipe (src/ledger event-hash): sha-256 over the previous
 * entry's hash, a line feed, and the JSON array of the entry's place and every field in a fixed
 * order. Before/after enter as their stored canonical JSON text, so verification recomputes the
 * hash from exactly what is stored, byte for byte, on either database.
 */
export function auditHash(prevHash: string, f: HashedAuditFields): string {
  const content = JSON.stringify([
    f.seq,
    f.at,
    f.actor,
    f.via,
    f.action,
    f.targetKind,
    f.targetId,
    f.warehouse,
    f.beforeJson,
    f.afterJson,
    f.requestId,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Canonical JSON text of a before/after state, or null for none: the value as JSON would carry it
 * (dates become ISO text, undefined fields vanish), written with sorted keys, so one state always
 * stores, and hashes, as the same text. Defined as `canonicalJson(JSON.parse(JSON.stringify(value)))`;
 * plain data (objects, arrays, strings, numbers, booleans, null: a stored order, a master-data
 * record) is written in one pass instead of three, and anything else (dates, `toJSON`, class
 * instances, functions, bigints, cycles) takes the definition itself, so the text is the same
 * either way (src/audit/audit-hash.unit.test.ts compares them).
 */
export function stateJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const fast = plainCanonical(value, 0);
  if (fast !== undefined) return fast;
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return plain === null ? null : canonicalJson(plain);
}

/** Deeper than this, the one-pass writer gives up (a cycle, or data no state has). */
const MAX_DEPTH = 200;

/** Canonical JSON of plain data in one pass; undefined when `x` holds anything else. */
function plainCanonical(x: unknown, depth: number): string | undefined {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return JSON.stringify(x);
    case 'number':
      return JSON.stringify(x); // NaN and ±Infinity are null, as through JSON.stringify
    case 'object': {
      if (x === null) return 'null';
      if (depth >= MAX_DEPTH) return undefined;
      if (Array.isArray(x)) {
        if (Object.getPrototypeOf(x) !== Array.prototype) return undefined;
        let out = '[';
        for (let i = 0; i < x.length; i++) {
          const v: unknown = x[i];
          const t = v === undefined ? 'null' : plainCanonical(v, depth + 1);
          if (t === undefined) return undefined;
          out += i === 0 ? t : `,${t}`;
        }
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(x);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const o = x as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = o[k];
        if (v === undefined) continue;
        const t = plainCanonical(v, depth + 1);
        if (t === undefined) return undefined;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${t}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined; // undefined inside, function, symbol, bigint
  }
}

import { StockmeshError } from '../domain/index.ts';

/**
 * Subjects are NATS subjects, kept to a portable alphabet so the embedded bus and JetStream agree:
 * dot-separated tokens of letters, digits, `_` and `-` (`stockmesh.inventory.WH-SH`). Filters may
 * use `*` for one token and `>` as the last token for one or more tokens.
 */
const TOKEN = /^[A-Za-z0-9_-]+$/;

export function checkSubject(subject: string): void {
  if (!subject.split('.').every((t) => TOKEN.test(t))) {
    throw new StockmeshError('INVALID_ARGUMENT', `invalid bus subject "${subject}": dot-separated tokens of [A-Za-z0-9_-]`);
  }
}

export function checkFilter(filter: string): void {
  const tokens = filter.split('.');
  const ok = tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
  if (!ok) throw new StockmeshError('INVALID_ARGUMENT', `invalid bus subject filter "${filter}"`);
}

/** A durable name is one token (JetStream refuses dots and wildcards in names). */
export function checkDurable(durable: string): void {
  if (!TOKEN.test(durable)) throw new StockmeshError('INVALID_ARGUMENT', `invalid durable name "${durable}": [A-Za-z0-9_-]+`);
}

/** NATS matching: `*` is exactly one token, a final `>` one or more. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    const t = f[i];
    if (t === '>') return s.length > i;
    if (i >= s.length) return false;
    if (t !== '*' && t !== s[i]) return false;
  }
  return f.length === s.length;
}

/** The literal text every matching subject starts with (up to the first wildcard), for a SQL prefix scan. */
export function literalPrefix(filter: string): string {
  const tokens = filter.split('.');
  const lit: string[] = [];
  for (const t of tokens) {
    if (t === '*' || t === '>') return lit.length === 0 ? '' : lit.join('.') + '.';
    lit.push(t);
  }
  return filter;
}

/** Whether every subject the filter matches lies under `prefix.` (the prefix's tokens literally, then more). */
export function filterWithin(filter: string, prefix: string): boolean {
  const f = filter.split('.');
  const p = prefix.split('.');
  return f.length > p.length && p.every((t, i) => f[i] === t);
}

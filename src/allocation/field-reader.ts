import type { Problem } from '../domain/index.ts';
import { problem } from '../domain/index.ts';
import { parseDate } from './calendar.ts';

/**
 * Reads one JSON object field by field, collecting every problem with its path
 * (`orders[3].lines[0].qty: must be a positive integer`) instead of stopping at the first.
 */
export class FieldReader {
  constructor(
    readonly problems: Problem[],
    readonly path: string,
    private readonly value: Record<string, unknown>,
  ) {}

  static object(problems: Problem[], path: string, value: unknown): FieldReader | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(problem('MALFORMED_PROBLEM', 'must be an object', path || '(document)'));
      return undefined;
    }
    return new FieldReader(problems, path, value as Record<string, unknown>);
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, message: string): void {
    this.problems.push(problem('MALFORMED_PROBLEM', message, this.at(key)));
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.fail(key, 'is required (a non-empty string)');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(key, 'must be a non-empty string');
      return undefined;
    }
    return v;
  }

  /** A finite number >= min (default 0). */
  number(key: string, fallback: number, min?: number): number;
  number(key: string, fallback: undefined, min?: number): number | undefined;
  number(key: string, fallback: number | undefined, min = 0): number | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      this.fail(key, `must be a number >= ${min}`);
      return fallback;
    }
    return v;
  }

  /** An integer >= min. */
  integer(key: string, min: number, required: boolean, what = min > 0 ? 'a positive integer' : `an integer >= ${min}`): number | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.fail(key, `is required (${what})`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      this.fail(key, `must be ${what}`);
      return undefined;
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.value[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(key, 'must be true or false');
      return fallback;
    }
    return v;
  }

  date(key: string): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    const d = typeof v === 'string' ? parseDate(v) : undefined;
    if (d === undefined) this.fail(key, 'must be a date YYYY-MM-DD');
    return d;
  }

  /** An array of elements read one by one (each with its `[i]` path); absent = fallback. */
  array<T>(key: string, required: boolean, read: (value: unknown, path: string, index: number) => T | undefined): T[] {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.fail(key, 'is required (an array)');
      return [];
    }
    if (!Array.isArray(v)) {
      this.fail(key, 'must be an array');
      return [];
    }
    const out: T[] = [];
    v.forEach((e, i) => {
      const r = read(e, `${this.at(key)}[${i}]`, i);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  strings(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const out = this.array(key, false, (e, path) => {
      if (typeof e === 'string' && e.trim() !== '') return e;
      this.problems.push(problem('MALFORMED_PROBLEM', 'must be a non-empty string', path));
      return undefined;
    });
    return out;
  }
}

import { type ErrorCode, type Problem, problem } from '../../domain/index.ts';

/** The part of a schema issue (zod's) that a problem needs. */
export interface SchemaIssue {
  readonly message: string;
  readonly path: readonly PropertyKey[];
}

/** Schema issues as problems, each naming its path under `prefix` (`items[3].qty`). */
export function issueProblems(issues: readonly SchemaIssue[], code: ErrorCode, prefix: string): Problem[] {
  return issues.map((i) => problem(code, i.message, pathOf(prefix, i.path)));
}

export function pathOf(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(message)';
}

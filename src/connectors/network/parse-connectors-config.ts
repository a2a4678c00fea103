import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Problem, problem, StockmeshError } from '../../domain/index.ts';
import { pathOf } from '../runtime/index.ts';
import type { ConnectorsConfig, SourceConfig } from './connectors-config.ts';
import { connectorsFileSchema, duplicateSources } from './connectors-schema.ts';
import { resolveSecret } from './secret-ref.ts';

export interface ParseContext {
  /** Named in every problem: the file path, or what built the value. */
  readonly origin: string;
  /** Relative folders are taken from here (the file's folder). */
  readonly baseDir: string;
  /** Where `env:NAME` secrets are read. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Validates a connectors configuration and resolves it: `env:NAME` secrets read, folders made
 * absolute. All or nothing: every problem is reported at once, each naming the origin and the
 * path (`connectors.json: sources[2].baseUrl: …`), in one INVALID_ARGUMENT error.
 */
export function parseConnectorsConfig(value: unknown, ctx: ParseContext): ConnectorsConfig {
  const parsed = connectorsFileSchema.safeParse(value);
  const where = (path: readonly PropertyKey[]) => `${ctx.origin}: ${pathOf('', path)}`;
  const problems: Problem[] = duplicateSources(value).map((d) => problem('INVALID_ARGUMENT', d.message, where(['sources', d.index, 'source'])));
  if (!parsed.success) {
    throw invalid(ctx.origin, [...parsed.error.issues.map((i) => problem('INVALID_ARGUMENT', i.message, where(i.path))), ...problems]);
  }
  const secret = (ref: string, path: readonly PropertyKey[]): string => {
    const r = resolveSecret(ref, ctx.env);
    if (r.ok) return r.value;
    problems.push(problem('INVALID_ARGUMENT', r.message, where(path)));
    return '';
  };
  const list = (refs: string | readonly string[], path: readonly PropertyKey[]): string[] =>
    typeof refs === 'string' ? [secret(refs, path)] : refs.map((r, i) => secret(r, [...path, i]));
  const dir = (d: string): string => (isAbsolute(d) ? d : resolve(ctx.baseDir, d));

  const sources: SourceConfig[] = parsed.data.sources.map((s, i) => {
    const at = ['sources', i];
    switch (s.dialect) {
      case 'rest-pull':
        return s.headers === undefined ? s : { ...s, headers: Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k, secret(v, [...at, 'headers', k])])) };
      case 'webhook':
        return { ...s, secret: list(s.secret, [...at, 'secret']) };
      case 'epcis':
        return { ...s, token: list(s.token, [...at, 'token']) };
      case 'file-drop':
        return { ...s, dir: dir(s.dir) };
      case 'edi-x12':
        return { ...s, inbox: dir(s.inbox), outbox: dir(s.outbox) };
    }
  });
  if (problems.length > 0) throw invalid(ctx.origin, problems);
  return { origin: ctx.origin, webhook: parsed.data.webhook ?? {}, sources };
}

/** Reads and parses a connectors file (JSON); relative folders are relative to the file. */
export async function loadConnectorsConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ConnectorsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw invalid(path, [problem('INVALID_ARGUMENT', `cannot read the connectors file: ${why}`, path)]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw invalid(path, [problem('INVALID_ARGUMENT', `not JSON: ${why}`, path)]);
  }
  return parseConnectorsConfig(value, { origin: path, baseDir: dirname(resolve(path)), env });
}

/** The connectors file named by STOCKMESH_CONNECTORS, or undefined when it is not set. */
export async function connectorsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ConnectorsConfig | undefined> {
  const path = env.STOCKMESH_CONNECTORS;
  return path ? loadConnectorsConfig(path, env) : undefined;
}

function invalid(origin: string, problems: readonly Problem[]): StockmeshError {
  const n = problems.length;
  return new StockmeshError('INVALID_ARGUMENT', `the connectors configuration ${origin} has ${n} problem${n === 1 ? '' : 's'}`, problems);
}

import type { FastifyPluginAsync } from 'fastify';
import { recordAudit } from '../../audit/index.ts';
import { type Problem, problem, StockmeshError } from '../../domain/index.ts';
import { CSV_FILE_NAMES, importParsedMasterData, parseImportText, RECORD_KINDS, type RecordKind } from '../../mdm/index.ts';
import { problemSchema } from '../problem-details.ts';
import { actorOf, warehouseScope } from '../request-scope.ts';
import type { RouteDeps } from '../route-deps.ts';

/** Largest bulk import accepted (10 MiB); larger ones get 413 problem+json. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const TEXT_TYPES = ['application/json', 'text/csv', ...YAML_TYPES];

const kindCounts = { type: 'object', required: ['inserted', 'updated', 'unchanged'], properties: { inserted: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' } } } as const;
const problemList = {
  type: 'array',
  items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, where: { type: 'string' } } },
} as const;

const reportSchema = {
  type: 'object',
  required: ['ok', 'counts', 'warnings', 'conflicts'],
  properties: {
    ok: { type: 'boolean' },
    counts: { type: 'object', properties: Object.fromEntries(RECORD_KINDS.map((k) => [k, kindCounts])) },
    warnings: problemList,
    conflicts: { type: 'array', items: { type: 'object', additionalProperties: true, properties: { kind: { type: 'string' }, message: { type: 'string' } } } },
    auditSeq: { type: ['integer', 'null'], description: 'the audit entry that records this import (null when it changed nothing)' },
  },
} as const;

/**
 * `POST /api/master-data/import`: the body is one file of `stockmesh mdm import` (a JSON or YAML
 * document, or a CSV file of the kind named by `?kind=`), read by the importer itself, all or
 * nothing, problems named `body.json:line field`. In its own plugin because it reads its body as
 * text (JSON included: line numbers must point into the text as sent).
 */
export const masterDataImportRoutes: FastifyPluginAsync<RouteDeps & { refresh: () => Promise<void> }> = async (app, { hub, refresh }) => {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(TEXT_TYPES, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post<{ Body: string; Querystring: { kind?: RecordKind } }>(
    '/api/master-data/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { permission: 'masterdata:write' },
      schema: {
        summary: 'Bulk import master data (JSON, YAML or CSV), all or nothing',
        description: `Bulk import, all or nothing. Content-Type application/json or application/yaml (one document with any of the sections ${RECORD_KINDS.join(', ')}), or text/csv with ?kind=.`,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { kind: { type: 'string', enum: [...RECORD_KINDS], description: 'the record kind of a text/csv body' } },
        },
        body: { type: 'string', description: 'the file as text (JSON, YAML or CSV per Content-Type)' },
        response: { 200: reportSchema, '4xx': problemSchema, '5xx': problemSchema },
      },
    },
    async (req) => {
      if (warehouseScope(req) !== null) {
        // An import may touch any warehouse's records (and its report counts them): whole-network callers only.
        const msg = 'a bulk import spans the whole network: it needs an account that is not scoped to warehouses (change records one by one instead)';
        throw new StockmeshError('FORBIDDEN', msg, [problem('FORBIDDEN', msg)]);
      }
      const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      let file: string;
      if (type === 'text/csv') {
        const kind = req.query.kind;
        if (!kind) {
          const msg = `a text/csv body holds one kind of record: name it with ?kind= (one of ${RECORD_KINDS.join(', ')})`;
          throw new StockmeshError('INVALID_ARGUMENT', msg, [problem('INVALID_ARGUMENT', msg, 'kind')]);
        }
        file = `body-${CSV_FILE_NAMES[kind]}`;
      } else file = YAML_TYPES.includes(type) ? 'body.yaml' : 'body.json';
      const parsed = parseImportText(file, req.body);
      let auditSeq: number | null = null;
      const report = await importParsedMasterData(
        hub.store.db,
        { records: parsed.records, problems: parsed.problems, files: [file] },
        {
          dialect: hub.store.dialect,
          onWritten: async (tx, change) => {
            const entry = await recordAudit(tx, {
              actor: actorOf(req),
              via: 'api',
              action: 'masterdata.import',
              target: { kind: 'masterdata', id: 'import' },
              before: change.before,
              after: change.written,
              requestId: req.id,
            });
            auditSeq = entry.seq;
          },
        },
      );
      if (!report.ok) throw rejected(report.problems);
      if (auditSeq !== null) await refresh();
      return { ok: true, counts: report.counts, warnings: report.warnings, conflicts: report.conflicts, auditSeq };
    },
  );
};

function rejected(problems: readonly Problem[]): StockmeshError {
  const first = problems[0] as Problem;
  const n = problems.length;
  return new StockmeshError(first.code, `import rejected, nothing was changed: ${n} problem${n === 1 ? '' : 's'} (the first: ${first.where ? `${first.where}: ` : ''}${first.message})`, problems);
}

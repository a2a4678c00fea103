import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor, recordAudit } from '../../audit/index.ts';
import { type EventResult, type IngestInput, listDeadLetters, listDrift, listGaps, replayDeadLetters } from '../../ledger/index.ts';
import { StockmeshError } from '../../domain/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

const CALL = 5000;

export function registerEvents(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const events = program.command('events').description('inbound inventory events: ingest, dead letters, replay, gaps, snapshot drift');

  events
    .command('ingest')
    .description('ingest a file of events, one JSON event per line (docs/event-format.md)')
    .argument('<file>', 'NDJSON file')
    .action(async (file: string) => {
      const size = await stat(file).catch(() => {
        throw new StockmeshError('UNREADABLE_FILE', `cannot read ${file}: no such file`);
      });
      await withHub(async (hub) => {
        const totals = { applied: 0, duplicate: 0, rejected: 0 };
        const rejected: EventResult[] = [];
        let batch: IngestInput[] = [];
        let read = 0;
        const flush = async () => {
          const results = await hub.ingestor.ingest(batch);
          for (const r of results) {
            totals[r.outcome] += 1;
            if (r.outcome === 'rejected' && rejected.length < 20) rejected.push(r);
          }
          batch = [];
          output.progress(`ingesting ${file}`, read, size.size);
        };
        const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
        let n = 0;
        for await (const line of lines) {
          n += 1;
          read += Buffer.byteLength(line) + 1;
          if (line.trim() === '') continue;
          batch.push({ raw: line, location: `${file}:${n}` });
          if (batch.length >= CALL) await flush();
        }
        if (batch.length > 0) await flush();
        output.progressDone();
        if (totals.applied + totals.rejected > 0) {
          // The ledger holds every applied event itself (hash-chained); the trail names who loaded which file.
          await recordAudit(hub.store.db, { actor: cliActor(), via: 'cli', action: 'events.ingest', target: { kind: 'events', id: file }, after: totals });
        }
        output.out(`${file}: ${totals.applied} applied, ${totals.duplicate} duplicates ignored, ${totals.rejected} rejected`);
        for (const r of rejected) {
          for (const p of r.problems ?? []) output.err(`${r.location ?? '?'}: ${r.id ?? '(no id)'}: ${p.code}: ${p.where ? p.where + ': ' : ''}${p.message}`);
        }
        if (totals.rejected > rejected.length) output.err(`… and ${totals.rejected - rejected.length} more`);
        if (totals.rejected > 0) {
          output.err(
            'Rejected events changed nothing and are kept as dead letters (stockmesh events dead-letters). ' +
              'Fix master data or the source, then run: stockmesh events replay-dead-letters',
          );
          ctx.setExitCode(1);
        }
      });
    });

  events
    .command('dead-letters')
    .description('list rejected inputs kept for repair and replay')
    .option('--state <state>', 'pending | resolved | all', 'pending')
    .option('--json', 'print JSON')
    .action(async (o: { state: string; json?: boolean }) => {
      await withHub(async (hub) => {
        const rows = await listDeadLetters(hub.store.db, o.state === 'all' ? {} : { state: o.state });
        if (o.json) return output.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return output.out(`no ${o.state === 'all' ? '' : o.state + ' '}dead letters`);
        output.out(
          formatTable(
            ['kind', 'source', 'event', 'code', 'where', 'reason', 'tries', 'state'],
            rows.map((d) => [d.kind, d.source ?? '', d.eventId ?? '', d.code, d.location ?? '', d.reason.slice(0, 80), d.attempts, d.state]),
          ),
        );
      });
    });

  events
    .command('replay-dead-letters')
    .description('feed pending dead letters through ingest again (after master data was fixed)')
    .action(async () => {
      await withHub(async (hub) => {
        const pendingIds = async () => (await listDeadLetters(hub.store.db, { state: 'pending', limit: 100_000 })).map((d) => d.id);
        const before = await pendingIds();
        const r = await replayDeadLetters(hub.store, hub.ingestor, hub.masterData, {
          onProgress: (d, t) => output.progress('replaying', d, t),
        });
        output.progressDone();
        if (r.tried > 0) {
          const after = { tried: r.tried, resolved: r.resolved, stillFailing: r.stillFailing, pending: await pendingIds() };
          await recordAudit(hub.store.db, { actor: cliActor(), via: 'cli', action: 'deadletter.replay', target: { kind: 'dead_letter', id: '*' }, before: { pending: before }, after });
        }
        output.out(`replayed ${r.tried} dead letters: ${r.resolved} resolved, ${r.stillFailing} still failing`);
        if (r.stillFailing > 0) {
          output.err('See why with: stockmesh events dead-letters');
          ctx.setExitCode(1);
        }
      });
    });

  events
    .command('gaps')
    .description('sequence gaps per source (missing sequence numbers)')
    .option('--all', 'include closed gaps')
    .option('--json', 'print JSON')
    .action(async (o: { all?: boolean; json?: boolean }) => {
      await withHub(async (hub) => {
        const gaps = await listGaps(hub.store.db, { open: !o.all });
        if (o.json) return output.out(JSON.stringify(gaps, null, 2));
        if (gaps.length === 0) return output.out(o.all ? 'no sequence gaps recorded' : 'no open sequence gaps');
        output.out(
          formatTable(
            ['source', 'from', 'to', 'arrived late', 'detected', 'closed'],
            gaps.map((g) => [g.source, g.fromSeq, g.toSeq, g.filled, g.detectedAt, g.closedAt ? `${g.closedAt} (${g.closedBy})` : 'open']),
          ),
        );
      });
    });

  events
    .command('drift')
    .description('snapshot drift: positions where a reconciled snapshot disagreed with the ledger, newest first')
    .option('--source <source>', 'only snapshots of this source system')
    .option('--warehouse <warehouse>', 'only this warehouse')
    .option('--sku <sku>', 'only this SKU (canonical code)')
    .option('--from <instant>', 'reconciled at or after (ISO-8601)')
    .option('--to <instant>', 'reconciled before (ISO-8601)')
    .option('--limit <n>', 'most lines to print', '100')
    .option('--json', 'print JSON')
    .action(async (o: { source?: string; warehouse?: string; sku?: string; from?: string; to?: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new StockmeshError('INVALID_ARGUMENT', `--limit: "${o.limit}" is not a whole number from 1 to 100000`);
      await withHub(async (hub) => {
        const rows = await listDrift(hub.store.db, { source: o.source, warehouse: o.warehouse, sku: o.sku, from: o.from, to: o.to, limit: limit + 1 });
        const shown = rows.slice(0, limit);
        if (o.json) return output.out(JSON.stringify(shown, null, 2));
        if (shown.length === 0) return output.out('no snapshot drift recorded' + (o.source || o.warehouse || o.sku || o.from || o.to ? ' for these filters' : ''));
        output.out(
          formatTable(
            ['reconciled', 'source', 'warehouse', 'sku', 'lot', 'status', 'ledger', 'counted', 'delta', 'snapshot'],
            shown.map((d) => [d.reconciledAt, d.source, d.warehouse, d.sku, d.lot, d.status, d.ledgerQty, d.countedQty, d.delta > 0 ? `+${d.delta}` : d.delta, d.snapshotId]),
          ),
        );
        if (rows.length > limit) output.err(`… more lines follow: narrow the filters or raise --limit`);
      });
    });
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { StockmeshError } from '../../domain/index.ts';
import { ingestSnapshot, listSourceStates, rebuildPositions, verifyLedger } from '../../ledger/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

export function registerLedger(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const ledger = program.command('ledger').description('the append-only, hash-chained inventory ledger');
  ledger
    .command('verify')
    .description('walk the hash chain; exit 1 naming the first entry that was edited, removed, inserted or reordered')
    .action(async () => {
      await withHub(async (hub) => {
        const r = await verifyLedger(hub.store.db, (d, t) => output.progress('verifying', d, t));
        output.progressDone();
        if (r.ok) return output.out(`ledger intact: ${r.events.toLocaleString('en')} events, head ${r.head.slice(0, 16)}…`);
        output.err(`LEDGER_TAMPERED at entry ${r.chainSeq}${r.eventId ? ` (event "${r.eventId}")` : ''}: ${r.reason}`);
        output.err(`${r.events} entries before it verified. Restore the store from a backup taken before the change, or investigate who wrote to the database directly.`);
        ctx.setExitCode(1);
      });
    });

  program
    .command('rebuild')
    .description('derive every position again from the ledger and replace the stored ones')
    .option('--dry-run', 'only report differences')
    .action(async (o: { dryRun?: boolean }) => {
      await withHub(async (hub) => {
        const r = await rebuildPositions(hub.store.db, { dryRun: Boolean(o.dryRun), onProgress: (d, t) => output.progress('replaying', d, t) });
        output.progressDone();
        const rate = r.seconds > 0 ? Math.round(r.events / r.seconds) : r.events;
        output.out(
          `${o.dryRun ? 'checked' : 'rebuilt'} ${r.positions.toLocaleString('en')} positions from ${r.events.toLocaleString('en')} events in ${r.seconds.toFixed(2)} s (${rate.toLocaleString('en')} events/s)`,
        );
        if (r.differences.length === 0) output.out('stored positions were identical to the replay');
        else {
          output.out(`${r.differences.length} positions differed from the replay${o.dryRun ? '' : ' and were corrected'}:`);
          output.out(formatTable(['position', 'stored', 'replayed'], r.differences.slice(0, 50).map((d) => [d.key, d.stored, d.rebuilt])));
        }
      });
    });

  const snapshots = program.command('snapshots').description("a source's full stock listing, reconciled against the ledger");
  snapshots
    .command('ingest')
    .description('reconcile one snapshot (JSON object) or several (JSON array); drift becomes adjusting events')
    .argument('<file>', 'JSON file')
    .action(async (file: string) => {
      let doc: unknown;
      try {
        doc = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new StockmeshError('UNREADABLE_FILE', `${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await withHub(async (hub) => {
        const list = Array.isArray(doc) ? doc : [doc];
        for (const [i, s] of list.entries()) {
          const r = await ingestSnapshot(hub.store, hub.masterData, s, { location: Array.isArray(doc) ? `${file}#${i}` : file });
          if (r.outcome === 'rejected') {
            output.err(`${file}${Array.isArray(doc) ? `#${i}` : ''}: snapshot ${r.snapshotId ?? '(no id)'} rejected, nothing changed:`);
            for (const p of r.problems) output.err(`  ${p.where ?? ''}: ${p.code}: ${p.message}`);
            ctx.setExitCode(1);
          } else if (r.outcome === 'duplicate') output.out(`snapshot ${r.snapshotId} was already reconciled; nothing changed`);
          else {
            output.out(
              `snapshot ${r.snapshotId}: ${r.lines} lines, ${r.adjustments} positions drifted and were adjusted${r.gapsClosed ? `, ${r.gapsClosed} sequence gaps closed` : ''}`,
            );
          }
        }
      });
    });

  program
    .command('sources')
    .description('each source system: last sequence, events applied, last event, open gaps')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withHub(async (hub) => {
        const rows = await listSourceStates(hub.store.db);
        if (o.json) return output.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return output.out('no source has sent events yet');
        output.out(
          formatTable(
            ['source', 'last seq', 'events', 'last event', 'open gaps'],
            rows.map((s) => [s.source, s.maxSeq ?? '-', s.eventsTotal, s.lastEventAt, s.openGaps]),
          ),
        );
      });
    });
}

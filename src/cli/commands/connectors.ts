import type { Command } from 'commander';
import { type ConnectorStatus, listConnectorStatus, loadConnectorsConfig } from '../../connectors/network/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

/** "12 s ago", "3 min ago"…: how long ago `iso` was, from `now`. */
export function ago(iso: string | null, now: Date): string {
  if (iso === null) return '-';
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export const millis = (ms: number | null): string => (ms === null ? '-' : ms < 10_000 ? `${ms} ms` : ms < 7_200_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 3_600_000)} h`);

/** The status table: one line per source, the last error of each below it. */
export function connectorTable(rows: readonly ConnectorStatus[], now: Date): string {
  const table = formatTable(
    ['source', 'dialect', 'state', 'last message', 'lag', 'seq', 'messages', 'errors', 'gaps', 'dead letters', 'rejected'],
    rows.map((r) => [
      r.source,
      r.dialect ?? '-',
      r.state === 'none' ? '-' : r.state,
      ago(r.lastMessageAt, now),
      millis(r.lagMs),
      r.sequence === null ? '-' : String(r.sequence),
      r.messages,
      r.errors,
      r.openGaps,
      r.pendingDeadLetters,
      r.rejections,
    ]),
  );
  const errors = rows.filter((r) => r.lastError !== null).map((r) => `  ${r.source}: ${(r.lastError ?? '').slice(0, 160)}`);
  const saved = rows.map((r) => r.savedAt).filter((t): t is string => t !== null).sort().at(-1);
  return [
    table,
    ...(errors.length > 0 ? ['', 'last errors:', ...errors] : []),
    ...(saved ? ['', `states as last saved by the hub (newest ${ago(saved, now)})`] : []),
  ].join('\n');
}

/** `stockmesh connectors [--json] [--check <file>]`. */
export function registerConnectors(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  program
    .command('connectors')
    .description("each source's connector: dialect, state, last message, lag, sequence, messages, errors, open gaps, pending dead letters (works on a stopped hub too)")
    .option('--json', 'print JSON')
    .option('--check <file>', 'only validate a connectors file (the STOCKMESH_CONNECTORS format) and list its sources')
    .action(async (o: { json?: boolean; check?: string }) => {
      if (o.check !== undefined) {
        const config = await loadConnectorsConfig(o.check);
        if (o.json) return output.out(JSON.stringify(config.sources.map((s) => ({ source: s.source, dialect: s.dialect, enabled: s.enabled !== false })), null, 2));
        output.out(`${o.check}: valid, ${config.sources.length} source${config.sources.length === 1 ? '' : 's'}`);
        for (const s of config.sources) output.out(`  ${s.source} (${s.dialect})${s.enabled === false ? ' — disabled' : ''}`);
        return;
      }
      await withHub(async (hub) => {
        const md = await hub.masterData.current();
        const rows = await listConnectorStatus({ db: hub.store.db, sources: md.data.sources });
        if (o.json) return output.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return output.out('no sources: import master data (`stockmesh mdm import`) and configure connectors (STOCKMESH_CONNECTORS)');
        output.out(connectorTable(rows, new Date()));
      });
    });
}

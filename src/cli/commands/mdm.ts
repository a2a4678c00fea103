import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { cliActor, recordAudit } from '../../audit/index.ts';
import { StockmeshError } from '../../domain/index.ts';
import {
  type ConflictKind,
  exportMasterData,
  exportMasterDataCsv,
  findConflicts,
  type ImportReport,
  importMasterData,
  loadMasterData,
  RECORD_KINDS,
  type RecordKind,
} from '../../mdm/index.ts';
import type { CommandContext } from '../command-context.ts';
import type { Output } from '../output.ts';
import { withHub } from '../with-hub.ts';

const LABELS: { readonly [K in RecordKind]: readonly [one: string, many: string] } = {
  warehouses: ['warehouse', 'warehouses'],
  skus: ['SKU', 'SKUs'],
  units: ['unit conversion', 'unit conversions'],
  aliases: ['alias', 'aliases'],
  statusMaps: ['status mapping', 'status mappings'],
  sources: ['source', 'sources'],
};

/** `stockmesh mdm import | export | conflicts`: master data in and out, all or nothing. */
export function registerMdm(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const mdm = program.command('mdm').description('master data: import and export warehouses, SKUs, units, aliases, status maps, sources');

  mdm
    .command('import')
    .description('import master data files or folders (JSON, YAML, CSV); all or nothing: any bad row and nothing is changed')
    .argument('<paths...>', 'files, or folders whose .json/.yaml/.yml/.csv files are read in name order')
    .action(async (paths: string[]) => {
      // The audit entry is written inside the import's transaction: both commit, or neither.
      const report = await withHub((hub) =>
        importMasterData(hub.store.db, paths, {
          dialect: hub.store.dialect,
          onWritten: async (tx, change) => {
            await recordAudit(tx, { actor: cliActor(), via: 'cli', action: 'masterdata.import', target: { kind: 'masterdata', id: 'import' }, before: change.before, after: change.written });
          },
        }),
      );
      for (const w of report.warnings) output.err(`${w.where ?? '-'}: warning: ${w.code}: ${w.message}`);
      if (!report.ok) {
        for (const p of report.problems) output.err(`${p.where ?? '-'}: ${p.code}: ${p.message}`);
        output.err(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}: nothing was changed; fix the rows above and run the import again`);
        ctx.setExitCode(1);
        return;
      }
      output.out(summary(report));
    });

  mdm
    .command('export')
    .description('export all master data in the shape `mdm import` reads')
    .addOption(new Option('--format <format>', 'json or yaml (one document), csv (one file per kind; needs --out)').choices(['json', 'yaml', 'csv']))
    .option('--out <path>', 'write to this file (json, yaml) or folder (csv) instead of standard output')
    .action(async (o: { format?: 'json' | 'yaml' | 'csv'; out?: string }) => {
      const format = o.format ?? (o.out && /\.ya?ml$/i.test(o.out) ? 'yaml' : 'json');
      if (format === 'csv') {
        const dir = o.out;
        if (!dir) throw new StockmeshError('INVALID_ARGUMENT', '--format csv writes one file per kind: name a folder with --out');
        const files = await withHub((hub) => exportMasterDataCsv(hub.store.db, dir));
        output.out(`wrote ${files.join(', ')}`);
        return;
      }
      const text = await withHub((hub) => exportMasterData(hub.store.db, format));
      if (!o.out) return output.out(text.trimEnd());
      await writeFile(o.out, text, 'utf8');
      output.out(`wrote ${o.out}`);
    });

  mdm
    .command('conflicts')
    .description('list conflicts in stored master data: duplicate GTINs, undeclared synonyms, homonyms')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const conflicts = findConflicts(await withHub((hub) => loadMasterData(hub.store.db)));
      if (o.json) return output.out(JSON.stringify(conflicts, null, 2));
      printConflicts(output, conflicts);
    });
}

function summary(report: ImportReport): string {
  const parts: string[] = [];
  for (const kind of RECORD_KINDS) {
    const c = report.counts[kind];
    const total = c.inserted + c.updated + c.unchanged;
    if (total === 0) continue;
    const detail = [
      c.inserted ? `${c.inserted} new` : '',
      c.updated ? `${c.updated} changed` : '',
      c.unchanged ? `${c.unchanged} unchanged` : '',
    ].filter(Boolean);
    parts.push(`${total} ${LABELS[kind][total === 1 ? 0 : 1]} (${detail.join(', ')})`);
  }
  const from = `from ${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  return parts.length === 0 ? `nothing to import: no records ${from}` : `imported ${parts.join(', ')} ${from}`;
}

function printConflicts(output: Output, conflicts: readonly { kind: ConflictKind; message: string }[]): void {
  if (conflicts.length === 0) return output.out('no conflicts');
  for (const c of conflicts) output.out(`${c.kind}: ${c.message}`);
  const byKind = new Map<ConflictKind, number>();
  for (const c of conflicts) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  output.out(`${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}`);
}

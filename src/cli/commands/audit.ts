import { type Command, InvalidArgumentError } from 'commander';
import { listAudit, verifyAudit } from '../../audit/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  return n;
};

const short = (v: unknown): string => {
  if (v === null || v === undefined) return '-';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** `stockmesh audit verify | list`: the hash-chained audit trail of every change (docs/audit.md). */
export function registerAudit(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const audit = program.command('audit').description('the append-only, hash-chained audit trail: who changed what, when, before and after');

  audit
    .command('verify')
    .description('recompute the hash chain; exit 1 naming the first entry that was edited, deleted or added behind the hub')
    .action(async () => {
      await withHub(async (hub) => {
        const r = await verifyAudit(hub.store.db, (d, t) => output.progress('verifying', d, t));
        output.progressDone();
        if (r.ok) return output.out(`audit trail intact: ${r.entries.toLocaleString('en')} entries, head ${r.head}`);
        output.err(`AUDIT_TAMPERED at entry ${r.seq}: ${r.reason}`);
        output.err(
          `${r.entries.toLocaleString('en')} entries before it verified. Someone wrote to the database behind the hub: keep it as it is for investigation, ` +
            'compare entry ' + r.seq + ' with a backup taken before it, and see docs/audit.md ("When verify fails").',
        );
        ctx.setExitCode(1);
      });
    });

  audit
    .command('list')
    .description('the newest entries first')
    .option('--limit <n>', 'how many entries (default 50)', positive)
    .option('--actor <actor>', 'only this actor, e.g. user:alice or cli:ops')
    .option('--action <action>', 'only this action, or a prefix ending in * (masterdata.*)')
    .option('--target <target>', 'only this target kind (sku) or kind:id (sku:SKU-1)')
    .option('--json', 'print JSON (with before and after in full)')
    .action(async (o: { limit?: number; actor?: string; action?: string; target?: string; json?: boolean }) => {
      const entries = await withHub((hub) => listAudit(hub.store.db, { limit: o.limit ?? 50, actor: o.actor, action: o.action, target: o.target }));
      if (o.json) return output.out(JSON.stringify(entries, null, 2));
      if (entries.length === 0) return output.out('no audit entries match');
      output.out(
        formatTable(
          ['seq', 'at', 'actor', 'via', 'action', 'target', 'before', 'after'],
          entries.map((e) => [e.seq, e.at, e.actor, e.via, e.action, `${e.target.kind}:${e.target.id}`, short(e.before), short(e.after)]),
        ),
      );
    });
}

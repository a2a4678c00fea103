import type { Command } from 'commander';
import { ROLES } from '../../auth/index.ts';
import { cliActor } from '../../audit/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { cliChange, withAuth } from './users.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];

type CreateOptions = { label: string; role: string; source?: string; warehouse?: string[]; quiet?: boolean };

/** `stockmesh keys create|list|revoke`: API keys for systems (docs/auth.md). */
export function registerKeys(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const keys = program.command('keys').description('API keys for systems (Authorization: Bearer smk_…): create, list, revoke (docs/auth.md)');

  keys
    .command('create')
    .description('create an API key; it is printed once and never shown again')
    .requiredOption('--label <label>', 'what the key is for (shown in lists and the audit trail)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--source <id>', 'connector keys: the source system it pushes events for')
    .option('--warehouse <id>', 'scope to this warehouse (repeat or comma-separate; a connector key defaults to its source’s warehouses)', collect)
    .option('--quiet', 'print only the key (for scripts: export STOCKMESH_KEY=$(stockmesh keys create … --quiet))')
    .action(async (o: CreateOptions) => {
      const { key, secret } = await withAuth((auth) => auth.createKey({ label: o.label, role: o.role, source: o.source ?? null, warehouses: o.warehouse?.length ? o.warehouse : null }, cliActor(), cliChange()));
      if (o.quiet) return output.out(secret);
      output.out(`created ${key.id} "${key.label}", role ${key.role}${key.source ? `, source ${key.source}` : ''}${key.warehouses ? `, warehouses ${key.warehouses.join(', ')}` : ''}`);
      output.out(`key: ${secret}`);
      output.out('This key is shown only now and will not be shown again: store it in the system that uses it (Authorization: Bearer <key>).');
    });

  keys
    .command('list')
    .description('every API key (never its secret) with last use and revocation')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const all = await withAuth(async (auth) => {
        const rows = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await auth.listKeys({ limit: 1000, offset });
          rows.push(...page);
          if (page.length < 1000) return rows;
        }
      });
      if (o.json) return output.out(JSON.stringify(all, null, 2));
      if (all.length === 0) return output.out('no API keys: `stockmesh keys create --label <what> --role <role>`');
      output.out(
        formatTable(
          ['id', 'label', 'role', 'source', 'warehouses', 'created', 'last used', 'revoked'],
          all.map((k) => [k.id, k.label, k.role, k.source ?? '-', k.warehouses?.join(',') ?? 'all', k.createdAt, k.lastUsedAt ?? '-', k.revokedAt ?? '-']),
        ),
      );
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key at once (key_…)')
    .action(async (id: string) => {
      const k = await withAuth((auth) => auth.revokeKey(id, cliActor(), cliChange()));
      output.out(`${k.id} "${k.label}" revoked at ${k.revokedAt ?? ''}`);
    });
}

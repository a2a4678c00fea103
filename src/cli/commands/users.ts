import type { Command } from 'commander';
import { AuthService, type ChangeContext, ROLES } from '../../auth/index.ts';
import { cliActor } from '../../audit/index.ts';
import { StockmeshError } from '../../domain/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';
import { type PasswordSource, readNewPassword } from './read-password.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];

/** Runs `fn` with the hub's AuthService. */
export const withAuth = <T>(fn: (auth: AuthService) => Promise<T>): Promise<T> => withHub((hub) => fn(new AuthService({ db: hub.store.db, masterData: hub.masterData })));

/** Changes made at the command line, for the audit trail. */
export const cliChange = (): ChangeContext => ({ actor: cliActor(), via: 'cli' });

type AddOptions = PasswordSource & { role: string; warehouse?: string[]; displayName?: string };

/** `stockmesh users add|list|disable|enable|passwd` (docs/auth.md). */
export function registerUsers(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const users = program.command('users').description('people who sign in to the dashboard and the API: add, list, disable, enable, passwd (docs/auth.md)');

  users
    .command('add <username>')
    .description('add a user (password from a terminal prompt, --password-stdin or --generate-password)')
    .requiredOption('--role <role>', `one of ${ROLES.filter((r) => r !== 'connector').join(', ')}`)
    .option('--warehouse <id>', 'scope to this warehouse (repeat or comma-separate; required for warehouse_manager)', collect)
    .option('--display-name <name>', 'the name shown in the dashboard')
    .option('--password-stdin', 'read the password from standard input')
    .option('--generate-password', 'generate a random password and print it once')
    .action(async (username: string, o: AddOptions) => {
      const { password, generated } = await readNewPassword(o);
      const u = await withAuth((auth) => auth.createUser({ username, displayName: o.displayName, role: o.role, warehouses: o.warehouse?.length ? o.warehouse : null, password }, cliChange()));
      output.out(`added user ${u.username} (${u.id}), role ${u.role}${u.warehouses ? `, warehouses ${u.warehouses.join(', ')}` : ''}`);
      if (generated) output.out(`password: ${password}   (shown only now)`);
    });

  users
    .command('list')
    .description('every user with role, warehouses and whether disabled')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const all = await withAuth(async (auth) => {
        const rows = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await auth.listUsers({ limit: 1000, offset });
          rows.push(...page);
          if (page.length < 1000) return rows;
        }
      });
      if (o.json) return output.out(JSON.stringify(all, null, 2));
      if (all.length === 0) return output.out('no users yet: `stockmesh serve` creates the first admin, or `stockmesh users add <name> --role admin`');
      output.out(formatTable(['username', 'id', 'role', 'warehouses', 'state', 'created'], all.map((u) => [u.username, u.id, u.role, u.warehouses?.join(',') ?? 'all', u.disabled ? 'disabled' : 'active', u.createdAt])));
    });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    users
      .command(`${name} <username>`)
      .description(disabled ? 'disable a user: they cannot sign in and their sessions end at once' : 'enable a disabled user again')
      .action(async (username: string) => {
        const u = await withAuth((auth) => auth.updateUser(username, { disabled }, cliChange()));
        output.out(`${u.username}: ${u.disabled ? 'disabled, sessions ended' : 'enabled'}`);
      });
  }

  users
    .command('passwd <username>')
    .description("set a user's password (ends their sessions)")
    .option('--password-stdin', 'read the password from standard input')
    .option('--generate-password', 'generate a random password and print it once')
    .action(async (username: string, o: PasswordSource) => {
      const { password, generated } = await readNewPassword(o);
      const u = await withAuth(async (auth) => {
        if (!(await auth.findUser(username))) throw new StockmeshError('NOT_FOUND', `user "${username}" not found`);
        return auth.setPassword(username, password, cliChange());
      });
      output.out(`${u.username}: password changed, sessions ended`);
      if (generated) output.out(`password: ${password}   (shown only now)`);
    });
}

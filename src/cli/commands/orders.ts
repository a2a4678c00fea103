import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type AuditInput, cliActor, recordAudit } from '../../audit/index.ts';
import { StockmeshError } from '../../domain/index.ts';
import { OrderService } from '../../orders/index.ts';
import type { CommandContext } from '../command-context.ts';
import { withHub } from '../with-hub.ts';

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A change a command records in the audit trail, after it committed (actor `cli:<os user>`). */
type CliChange = Pick<AuditInput, 'action' | 'target' | 'before' | 'after'>;

/** `stockmesh orders submit|show|cancel` and `stockmesh holds expire` (docs/orders.md). */
export function registerOrders(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const run = (fn: (svc: OrderService, audit: (entry: CliChange) => Promise<void>) => Promise<unknown>) =>
    withHub(async (hub) => {
      try {
        const audit = async (e: CliChange) => {
          await recordAudit(hub.store.db, { actor: cliActor(), via: 'cli', ...e });
        };
        const r = await fn(new OrderService({ store: hub.store, masterData: hub.masterData }), audit);
        output.out(JSON.stringify(r, null, 2));
      } catch (err) {
        if (!(err instanceof StockmeshError)) throw err;
        output.err(`${err.code}: ${err.message}`);
        ctx.setExitCode(1);
      }
    });
  const orders = program.command('orders').description('submit, show and cancel orders (allocation + durable holds)');
  orders
    .command('submit <file>')
    .description('submit an order (JSON file, or - for stdin); re-submitting an id returns the stored allocation')
    .action(async (file: string) => {
      const text = await readInput(file);
      await run(async (svc, audit) => {
        // A new order's audit entry commits with its reservation (docs/audit.md, "Atomicity").
        const r = await svc.submit(JSON.parse(text) as unknown, { actor: cliActor(), via: 'cli' });
        return r.order;
      });
    });
  orders
    .command('show <id>')
    .description('an order with its allocation, explanation and holds')
    .action((id: string) =>
      run(async (svc) => {
        const o = await svc.get(id);
        if (!o) throw new StockmeshError('NOT_FOUND', `no order "${id}"`);
        return { ...o, holds: await svc.holds(id) };
      }),
    );
  orders
    .command('cancel <id>')
    .description('cancel an order: release its holds')
    .action((id: string) =>
      run(async (svc) => svc.cancel(id, { actor: cliActor(), via: 'cli' })),
    );
  program
    .command('holds')
    .description('hub holds (reservations)')
    .command('expire')
    .description('expire pending holds past their time (the periodic sweep, once)')
    .action(() =>
      run(async (svc, audit) => {
        const expired = await svc.expireHolds();
        if (expired.length > 0) await audit({ action: 'hold.expire', target: { kind: 'hold', id: '*' }, after: { expired } });
        return { expired: expired.map((h) => h.id) };
      }),
    );
}

import { type Command, InvalidArgumentError } from 'commander';
import { cliActor } from '../../audit/index.ts';
import { StockmeshError } from '../../domain/index.ts';
import { EXCEPTION_STATES, EXCEPTION_TYPES, exceptionService, type ExceptionFilter, type ExceptionType, SEVERITIES, type Severity } from '../../exceptions/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

const oneOf =
  <T extends string>(values: readonly T[], what: string) =>
  (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`${what} must be one of ${values.join(', ')}`);
    return v as T;
  };

interface ListOptions {
  state?: ExceptionFilter['state'];
  type?: ExceptionType;
  severity?: Severity;
  warehouse?: string;
  owner?: string;
  sweep?: boolean;
  json?: boolean;
  limit: number;
}

/**
 * `stockmesh exceptions list|ack|resolve|assign|sweep` (docs/exceptions.md). Steps are recorded as
 * `cli:<os user>`; a step the state does not allow exits 1 with EXCEPTION_STATE_CONFLICT.
 */
export function registerExceptions(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  const run = (fn: Parameters<typeof withHub>[0]) =>
    withHub(async (hub) => {
      try {
        await fn(hub);
      } catch (err) {
        if (!(err instanceof StockmeshError)) throw err;
        output.err(`${err.code}: ${err.message}`);
        ctx.setExitCode(1);
      }
    });
  const cmd = program.command('exceptions').description('the exception queue: list, acknowledge, resolve, assign; run the detection rules once');
  cmd
    .command('list')
    .description('exceptions, newest first (default: unresolved)')
    .option('--state <state>', `${EXCEPTION_STATES.join(', ')} or active (default active)`, oneOf([...EXCEPTION_STATES, 'active'] as const, 'state'))
    .option('--type <type>', EXCEPTION_TYPES.join(', '), oneOf(EXCEPTION_TYPES, 'type'))
    .option('--severity <severity>', SEVERITIES.join(', '), oneOf(SEVERITIES, 'severity'))
    .option('--warehouse <id>', 'only this warehouse')
    .option('--owner <team>', 'only this owner team')
    .option('--sweep', 'run the detection rules once before listing')
    .option('--json', 'JSON instead of a table')
    .option('--limit <n>', 'at most this many (default 100)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be an integer 1..1000');
      return n;
    }, 100)
    .action((o: ListOptions) =>
      run(async (hub) => {
        const svc = exceptionService(hub);
        if (o.sweep) await svc.sweep();
        const items = await svc.list({ state: o.state ?? 'active', type: o.type, severity: o.severity, warehouse: o.warehouse, owner: o.owner, limit: o.limit, offset: 0 }, null);
        if (o.json) {
          output.out(JSON.stringify(items, null, 2));
          return;
        }
        if (items.length === 0) {
          output.out('No exceptions.');
          return;
        }
        output.out(
          formatTable(
            ['id', 'severity', 'state', 'type', 'warehouse', 'owner', 'count', 'detected', 'title'],
            items.map((e) => [e.id, e.severity, e.state, e.type, e.warehouse ?? '-', e.owner.team, e.count, e.detectedAt.slice(0, 16), e.title]),
          ),
        );
      }),
    );
  const step = (name: 'ack' | 'resolve', kind: 'acknowledge' | 'resolve', description: string): void => {
    cmd
      .command(`${name} <id>`)
      .description(description)
      .option('--note <text>', 'what was done or why')
      .action((id: string, o: { note?: string }) =>
        run(async (hub) => {
          const e = await exceptionService(hub).act(id, { kind }, cliActor(), o.note ?? null, null, { via: 'cli' });
          output.out(`${e.id} ${e.state} by ${kind === 'acknowledge' ? e.acknowledgedBy : e.resolvedBy}: ${e.title}`);
        }),
      );
  };
  step('ack', 'acknowledge', 'acknowledge an open exception');
  step('resolve', 'resolve', 'resolve an open or acknowledged exception');
  cmd
    .command('assign <id> <assignee>')
    .description('assign an unresolved exception to a person or team')
    .option('--note <text>', 'a note for the history')
    .action((id: string, assignee: string, o: { note?: string }) =>
      run(async (hub) => {
        const e = await exceptionService(hub).act(id, { kind: 'assign', assignee }, cliActor(), o.note ?? null, null, { via: 'cli' });
        output.out(`${e.id} assigned to ${e.assignee}: ${e.title}`);
      }),
    );
  cmd
    .command('sweep')
    .description('run the detection rules once (the hub does this every 30 s while serving)')
    .action(() =>
      run(async (hub) => {
        const r = await exceptionService(hub).sweep();
        output.out(`${r.findings} problems found: ${r.opened} opened, ${r.seenAgain} seen again, ${r.escalated} escalated, ${r.autoResolved} resolved automatically.`);
      }),
    );
}

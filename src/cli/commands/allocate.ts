import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { heuristicSolver, highsSolver, parseProblem, plan } from '../../allocation/index.ts';
import { StockmeshError } from '../../domain/index.ts';
import type { CommandContext } from '../command-context.ts';

interface AllocateOptions {
  input: string;
  mode: string;
  timeLimit: string;
  solver: string;
  explain: boolean;
  pretty?: boolean;
}

/**
 * `stockmesh allocate --input problem.json [--mode single|wave] [--time-limit S]`: one problem in
 * (docs/allocation-format.md), exactly one plan JSON out on stdout, exit 0. A malformed problem or a
 * wrong argument: the reasons on stderr (field and element named), exit 2, nothing on stdout.
 */
export function registerAllocate(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  program
    .command('allocate')
    .description('decide where each order ships from (docs/allocation-format.md); prints one plan as JSON')
    .requiredOption('--input <file>', 'problem JSON file, or - for stdin')
    .option('--mode <mode>', 'single (each order in turn) | wave (least total cost)', 'wave')
    .option('--time-limit <seconds>', 'wall-clock budget, counted from process start', '8')
    .option('--solver <solver>', 'highs (MIP + bounds) | heuristic (no model solver)', 'highs')
    .option('--no-explain', 'leave out the per-order explanations')
    .option('--pretty', 'indent the JSON')
    .action(async (o: AllocateOptions) => {
      const fail = (lines: string[]) => {
        for (const l of lines) output.err(l);
        ctx.setExitCode(2);
      };
      if (o.mode !== 'single' && o.mode !== 'wave') return fail([`error INVALID_ARGUMENT: --mode must be single or wave, not "${o.mode}"`]);
      const limit = Number(o.timeLimit);
      if (!Number.isFinite(limit) || limit <= 0) return fail([`error INVALID_ARGUMENT: --time-limit must be a positive number of seconds, not "${o.timeLimit}"`]);
      if (o.solver !== 'highs' && o.solver !== 'heuristic') return fail([`error INVALID_ARGUMENT: --solver must be highs or heuristic, not "${o.solver}"`]);
      // The budget counts from process start (Node and module loading take about a second), capped
      // so that a long-lived process calling the command in process still gets most of its budget.
      const started = performance.now() - Math.min(performance.now(), STARTUP_ALLOWANCE_MS);
      let text: string;
      try {
        text = o.input === '-' ? await readStdin() : await readFile(o.input, 'utf8');
      } catch (err) {
        return fail([`error UNREADABLE_FILE: cannot read ${o.input}: ${err instanceof Error ? err.message : String(err)}`]);
      }
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        return fail([`error MALFORMED_PROBLEM: ${o.input === '-' ? 'stdin' : o.input} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`]);
      }
      try {
        const problem = parseProblem(doc);
        const elapsed = (performance.now() - started) / 1000;
        const result = await plan(problem, {
          mode: o.mode,
          solver: o.solver === 'heuristic' ? heuristicSolver() : highsSolver(),
          timeLimitSeconds: Math.max(0.05, limit - elapsed),
          explain: o.explain,
        });
        output.out(JSON.stringify({ ...result, seconds: Math.round((performance.now() - started)) / 1000 }, null, o.pretty ? 2 : undefined));
      } catch (err) {
        if (err instanceof StockmeshError && err.code === 'MALFORMED_PROBLEM') {
          return fail([`error ${err.code}: ${err.message}`, ...err.problems.map((p) => `  ${p.where ? p.where + ': ' : ''}${p.message}`)]);
        }
        throw err;
      }
    });
}

const STARTUP_ALLOWANCE_MS = 2500;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

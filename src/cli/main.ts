import { Command, CommanderError } from 'commander';
import { StockmeshError } from '../domain/index.ts';
import { consoleOutput, type Output } from './output.ts';
import { commands } from './commands/index.ts';

/** Runs the `stockmesh` command with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], output: Output = consoleOutput()): Promise<number> {
  const program = new Command('stockmesh')
    .description('Stockmesh: run many warehouses, each behind its own WMS, as one network.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });
  let code = 0;
  const setCode = (c: number) => {
    code = c;
  };
  for (const register of commands) register(program, { output, setExitCode: setCode });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof StockmeshError) {
      output.err(`error ${err.code}: ${err.message}`);
      for (const p of err.problems) output.err(`  - ${p.where ? p.where + ': ' : ''}${p.code}: ${p.message}`);
      return err.code === 'INVALID_ARGUMENT' ? 2 : 1;
    }
    output.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  return code;
}

import type { Command } from 'commander';
import type { Output } from './output.ts';

/** What every command module gets: where to write and how to set the process exit code. */
export interface CommandContext {
  readonly output: Output;
  setExitCode(code: number): void;
}

/** A command module adds its subcommands to the program. One file per command area. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

import type { RegisterCommand } from '../command-context.ts';

/** Every command area of the CLI, in the order `stockmesh --help` lists them. */
export const commands: RegisterCommand[] = [];

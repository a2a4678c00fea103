import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { addServerOptions, serve } from './serve.ts';

/** `stockmesh demo`: the hub with the demo network (what `serve` does on an empty store). */
export function registerDemo(program: Command, ctx: CommandContext): void {
  addServerOptions(program.command('demo'))
    .description('run the hub with the demo network: eight warehouses, eight WMS dialects (loaded once, into an empty store)')
    .action((o: { port?: number; host?: string; log?: boolean }) => serve({ ...o, demo: true }, ctx));
}

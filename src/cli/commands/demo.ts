import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { addServerOptions, serve } from './serve.ts';

/** `stockmesh demo`: the hub with the live demo network (what `serve` does on an empty or demo store). */
export function registerDemo(program: Command, ctx: CommandContext): void {
  addServerOptions(program.command('demo'))
    .description('run the hub with the live demo network: eight warehouses, six WMS dialects, simulated traffic and the safeguards acting on it')
    .action((o: { port?: number; host?: string; log?: boolean; rate?: number; incidents: boolean }) => serve({ ...o, demo: true }, ctx));
}

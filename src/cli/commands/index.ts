import type { RegisterCommand } from '../command-context.ts';
import { registerEvents } from './events.ts';
import { registerInventory } from './inventory.ts';
import { registerLedger } from './ledger.ts';
import { registerMdm } from './mdm.ts';

/** Every command area of the CLI, in the order `stockmesh --help` lists them. */
export const commands: RegisterCommand[] = [registerEvents, registerInventory, registerLedger, registerMdm];


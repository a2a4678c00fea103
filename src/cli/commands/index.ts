import type { RegisterCommand } from '../command-context.ts';
import { registerAllocate } from './allocate.ts';
import { registerExceptions } from './exceptions.ts';
import { registerKpis } from './kpis.ts';
import { registerAudit } from './audit.ts';
import { registerConnectors } from './connectors.ts';
import { registerDemo } from './demo.ts';
import { registerEvents } from './events.ts';
import { registerInventory } from './inventory.ts';
import { registerLedger } from './ledger.ts';
import { registerMdm } from './mdm.ts';
import { registerOrders } from './orders.ts';
import { registerServe } from './serve.ts';
import { registerKeys } from './keys.ts';
import { registerUsers } from './users.ts';

/** Every command area of the CLI, in the order `stockmesh --help` lists them. */
export const commands: RegisterCommand[] = [registerServe, registerDemo, registerMdm, registerEvents, registerInventory, registerLedger, registerAudit, registerConnectors, registerAllocate, registerOrders, registerExceptions, registerKpis, registerUsers, registerKeys];

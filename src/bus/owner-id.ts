import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** A name for one consumer instance, readable in `bus_consumers.owner` (host, process, random). */
export const ownerId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** A name for one consumer instance, readable in `bus_consumers.owner` (host, process, random). */
export const ownerId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * True when `owner` (an {@link ownerId}) names a process on this host that no longer exists: its
 * claim can be taken over at once. False when the process lives, when the owner is on another host
 * (nothing can be known from here), or when the name does not parse. A pid reused by an unrelated
 * process reads as alive: the claim then ends the slower way, when its heartbeat goes stale.
 */
export function ownerIsGone(owner: string): boolean {
  const parts = owner.split(':');
  if (parts.length < 3) return false;
  const pid = Number(parts[parts.length - 2]);
  const host = parts.slice(0, -2).join(':');
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — alive.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

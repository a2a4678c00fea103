import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, type Hub, openHub } from '../../src/hub/index.ts';

const root = new URL('../..', import.meta.url).pathname;

/** What one run of the command left: exit code, standard output and error. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A temp data folder with an embedded store, and the stockmesh command as a user runs it on that folder. */
export interface CliDataFolder {
  readonly dir: string;
  /** Runs `bin/stockmesh.js` with these arguments on this folder (embedded store and bus: no DATABASE_URL or NATS_URL). */
  stockmesh(...args: string[]): CliRun;
  /** Deletes the folder. */
  remove(): void;
}

/**
 * A data folder for CLI tests: made in the temp directory (`prefix` names it), its embedded store
 * filled by `seed` through a hub opened on it (with `now` as the hub's clock when given) and closed
 * again before any command runs.
 */
export async function cliDataFolder(prefix: string, seed: (hub: Hub) => Promise<unknown>, opts: { now?: Date } = {}): Promise<CliDataFolder> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const now = opts.now;
  const hub = await openHub({ ...configFromEnv({}), dataDir: dir, databaseUrl: undefined, natsUrl: undefined }, now ? { now: () => now } : undefined);
  try {
    await seed(hub);
  } finally {
    await hub.close();
  }
  return {
    dir,
    stockmesh(...args) {
      const r = spawnSync(process.execPath, [join(root, 'bin/stockmesh.js'), ...args], {
        cwd: root,
        env: { ...process.env, STOCKMESH_DATA: dir, DATABASE_URL: '', NATS_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

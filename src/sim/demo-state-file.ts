import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SimPosition } from './sim-stock.ts';

/** What one simulated WMS keeps across restarts: its stock, counters and its dialect's own state. */
export interface SavedSite {
  readonly stock: readonly SimPosition[];
  /** Last sequence number it gave a movement. */
  readonly seq: number;
  /** Last order number it used. */
  readonly order: number;
  /** Stock it started with (receipts slow down above it). */
  readonly baseline: number;
  readonly sim: unknown;
}

/** The demo's WMS, as saved in `<data>/demo/wms-state.json`. */
export interface SavedDemo {
  readonly version: 1;
  readonly rng: number;
  readonly sites: Readonly<Record<string, SavedSite>>;
}

export async function readDemoState(path: string): Promise<SavedDemo | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as Partial<SavedDemo>;
    return v.version === 1 && typeof v.rng === 'number' && typeof v.sites === 'object' && v.sites !== null ? (v as SavedDemo) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the state whole or not at all (a temporary file renamed over the old one). */
export async function writeDemoState(path: string, state: SavedDemo): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, path);
}

/** What the folder listing says about one file. */
export interface FileStat {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The connector's memory of a file: its size and time, and since when it has looked like that. */
export interface Sighting {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sinceMs: number;
}

export const MARKER_SUFFIX = '.done';

/** Names never read: being written (`.tmp`, `.part`), hidden or lock files, markers, reports. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('~') ||
    /\.(tmp|part|partial|crdownload)$/i.test(name) ||
    name.endsWith(MARKER_SUFFIX) ||
    name.endsWith('.report.txt')
  );
}

/**
 * Pure: which files are ready to read. The rule (docs/connectors/file-drop.md):
 * - `*.tmp`, `*.part`, hidden and lock files are never read: a writer renames them when done;
 * - a file with a `<name>.done` marker beside it is ready at once;
 * - any other file is ready once its size and modification time have not changed for `stableMs`
 *   as seen by this connector (two scans at least `stableMs` apart), and it is not empty — an
 *   empty file is read only with a marker, since it is how every half-written file starts.
 * Returns the ready names (oldest modification first, then by name) and the updated sightings.
 */
export function readyFiles(
  listing: readonly FileStat[],
  markers: ReadonlySet<string>,
  seen: ReadonlyMap<string, Sighting>,
  nowMs: number,
  stableMs: number,
): { ready: FileStat[]; seen: Map<string, Sighting> } {
  const next = new Map<string, Sighting>();
  const ready: FileStat[] = [];
  for (const f of listing) {
    if (isIgnoredName(f.name)) continue;
    const before = seen.get(f.name);
    const same = before !== undefined && before.size === f.size && before.mtimeMs === f.mtimeMs;
    const sighting: Sighting = same ? before : { size: f.size, mtimeMs: f.mtimeMs, sinceMs: nowMs };
    next.set(f.name, sighting);
    const marked = markers.has(f.name + MARKER_SUFFIX);
    const stable = f.size > 0 && nowMs - sighting.sinceMs >= stableMs;
    if (marked || stable) ready.push(f);
  }
  ready.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ready, seen: next };
}

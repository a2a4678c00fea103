import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a file into a folder a connector watches the way careful exporters do: under a `.part`
 * name first, renamed when complete, then a `<name>.done` marker — so the connector never reads
 * a half-written file and takes the complete one at once.
 */
export async function dropFile(dir: string, name: string, bytes: Uint8Array | string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(`${path}.part`, bytes);
  await rename(`${path}.part`, path);
  await writeFile(`${path}.done`, '');
  return path;
}

/** `20261125` and `160503` of an instant in a fixed offset (the exporter's local date and time). */
export function localStamp(at: Date, offsetMinutes: number): { date: string; time: string } {
  const iso = new Date(at.getTime() + offsetMinutes * 60_000).toISOString();
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: iso.slice(11, 19).replaceAll(':', '') };
}

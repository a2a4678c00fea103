import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { stringify } from 'yaml';
import type { Database } from '../store/index.ts';
import { toMasterDataDocument } from './master-data-document.ts';
import { loadMasterData } from './master-data-repository.ts';
import { masterDataToCsv } from './master-data-to-csv.ts';

export type ExportFormat = 'json' | 'yaml' | 'csv';

/** Stored master data as one JSON or YAML document, in the shape an import reads. */
export async function exportMasterData(db: Kysely<Database>, format: 'json' | 'yaml'): Promise<string> {
  const doc = toMasterDataDocument(await loadMasterData(db));
  return format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : stringify(doc);
}

/** Stored master data as one CSV file per kind in `dir` (created when missing); the paths written. */
export async function exportMasterDataCsv(db: Kysely<Database>, dir: string): Promise<string[]> {
  const files = masterDataToCsv(await loadMasterData(db));
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(path, f.text, 'utf8');
    written.push(path);
  }
  return written;
}

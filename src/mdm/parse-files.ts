import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { problem, type Problem } from '../domain/index.ts';
import type { LocatedRecord, ParsedFiles } from './import-record.ts';
import { CSV_FILE_NAMES, kindOfCsvFile, parseCsvText } from './parse-csv.ts';
import { parseDocumentText, type ParsedText } from './parse-document.ts';

/** The extensions an import reads; other files in a folder are skipped. */
export const IMPORT_EXTENSIONS = ['.json', '.yaml', '.yml', '.csv'] as const;

const isImportable = (name: string): boolean => (IMPORT_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());

/**
 * Reads every file named by `paths`: a file as given, a folder as its importable files
 * (not recursive, sorted by name, other extensions skipped). A file named explicitly with an
 * unknown extension, a path that does not exist, a folder with nothing to import, bad UTF-8 or bad
 * syntax are UNREADABLE_FILE problems. Reading goes on after a problem so that all are listed.
 */
export async function readImportFiles(paths: readonly string[]): Promise<ParsedFiles> {
  const problems: Problem[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = resolve(file);
    if (!seen.has(key)) files.push(file);
    seen.add(key);
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (err) {
      problems.push(problem('UNREADABLE_FILE', `cannot read: ${reason(err)}`, path));
      continue;
    }
    if (!isDir) {
      if (isImportable(path)) add(path);
      else problems.push(problem('UNREADABLE_FILE', `unknown extension (expected ${IMPORT_EXTENSIONS.join(', ')})`, path));
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(path, { withFileTypes: true }))
        .filter((e) => e.isFile() && isImportable(e.name))
        .map((e) => e.name)
        .sort();
    } catch (err) {
      problems.push(problem('UNREADABLE_FILE', `cannot read folder: ${reason(err)}`, path));
      continue;
    }
    if (names.length === 0) problems.push(problem('UNREADABLE_FILE', `folder holds no ${IMPORT_EXTENSIONS.join(', ')} files`, path));
    for (const name of names) add(join(path, name));
  }
  const records: LocatedRecord[] = [];
  for (const file of files) {
    const parsed = await readOne(file);
    records.push(...parsed.records);
    problems.push(...parsed.problems);
  }
  return { records, problems, files };
}

async function readOne(file: string): Promise<ParsedText> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (err) {
    const why = err instanceof TypeError ? 'not valid UTF-8 text' : `cannot read: ${reason(err)}`;
    return { records: [], problems: [problem('UNREADABLE_FILE', why, file)] };
  }
  return parseImportText(file, text);
}

/**
 * Parses the text of one import file, read by the extension of `file` (`.json`, `.yaml`/`.yml`,
 * `.csv` whose name tells its kind): what `stockmesh mdm import` does with each file, for text
 * that did not come from disk (the API's bulk import). `file` names the text in every problem.
 */
export function parseImportText(file: string, text: string): ParsedText {
  const ext = extname(file).toLowerCase();
  if (!isImportable(file)) return { records: [], problems: [problem('UNREADABLE_FILE', `unknown extension (expected ${IMPORT_EXTENSIONS.join(', ')})`, file)] };
  if (ext === '.csv') {
    const kind = kindOfCsvFile(basename(file));
    if (kind === undefined) {
      const msg = `cannot tell the record kind from the CSV file name (it must end with ${Object.values(CSV_FILE_NAMES).join(', ')})`;
      return { records: [], problems: [problem('UNREADABLE_FILE', msg, file)] };
    }
    return parseCsvText(file, text, kind);
  }
  return parseDocumentText(file, text, ext === '.json' ? 'json' : 'yaml');
}

function reason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { problem, type Problem } from '../domain/index.ts';
import { isRecordKind, type LocatedRecord, RECORD_KINDS, type RecordKind } from './import-record.ts';
import { fieldType } from './record-schemas.ts';

export interface ParsedText {
  readonly records: readonly LocatedRecord[];
  readonly problems: readonly Problem[];
}

/**
 * Reads one JSON or YAML master data document, `{ warehouses: [...], skus: [...], ... }` (any
 * subset of the sections), into located records. JSON must be strict JSON (checked with
 * JSON.parse); both formats are then walked as a YAML tree, which knows the line of every node, so
 * each record and each of its fields carries its line. Values of text fields keep the text as
 * written: `code: 00123` in YAML stays "00123", never the number 123.
 */
export function parseDocumentText(file: string, text: string, format: 'json' | 'yaml'): ParsedText {
  const source = text.replace(/^\uFEFF/, '');
  if (format === 'json') {
    try {
      JSON.parse(source);
    } catch (err) {
      return unreadable(file, lineOfJsonError(source, err), `not valid JSON: ${(err as Error).message}`);
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = e.linePos?.[0].line;
      return problem('UNREADABLE_FILE', `not valid ${format.toUpperCase()}: ${firstLine(e.message)}`, line ? `${file}:${line}` : file);
    });
    return { records: [], problems };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { records: [], problems: [] };
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  if (!isMap(root)) {
    const msg = `a master data document must be a mapping with the sections ${RECORD_KINDS.join(', ')}`;
    return { records: [], problems: [problem('MALFORMED_RECORD', msg, `${file}:${lineOf(root) ?? 1}`)] };
  }
  const records: LocatedRecord[] = [];
  const problems: Problem[] = [];
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const where = `${file}:${lineOf(keyNode) ?? 1}`;
    if (!isRecordKind(name)) {
      problems.push(problem('MALFORMED_RECORD', `unknown section "${name}" (sections: ${RECORD_KINDS.join(', ')})`, where));
      continue;
    }
    const section = deref(doc, pair.value as Node | null);
    if (section === null || (isScalar(section) && section.value === null)) continue;
    if (!isSeq(section)) {
      problems.push(problem('MALFORMED_RECORD', `section "${name}" must be a list of records`, where));
      continue;
    }
    section.items.forEach((item, index) => {
      const node = deref(doc, item as Node | null);
      const fieldLines: Record<string, number> = {};
      if (isMap(node)) {
        for (const p of node.items) {
          const line = lineOf(p.key as Node | null);
          if (isScalar(p.key) && line !== undefined) fieldLines[String(p.key.value)] = line;
        }
      }
      records.push({
        kind: name,
        value: recordValue(doc, name, node),
        origin: { file, kind: name, index, line: lineOf(node) ?? lineOf(item as Node | null), fieldLines },
      });
    });
  }
  return { records, problems };
}

function recordValue(doc: Document, kind: RecordKind, node: Node | null): unknown {
  if (!isMap(node)) return plain(doc, node, false);
  const out: Record<string, unknown> = {};
  for (const p of node.items) {
    const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
    const type = fieldType(kind, key);
    const value = plain(doc, deref(doc, p.value as Node | null), type === 'text');
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The JS value of a node; null is absent. `asText` keeps a plain scalar's source text (numbers stay
 * as written); list items are always text (lists hold ids and storage classes).
 */
function plain(doc: Document, node: Node | null, asText: boolean): unknown {
  if (node === null) return undefined;
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return undefined;
    if (asText && typeof node.value !== 'string') return node.source ?? String(node.value);
    return node.value;
  }
  if (isSeq(node)) return node.items.map((i) => plain(doc, deref(doc, i as Node | null), true));
  return node.toJS(doc);
}

function deref(doc: Document, node: Node | null): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node;
}

function unreadable(file: string, line: number | undefined, message: string): ParsedText {
  return { records: [], problems: [problem('UNREADABLE_FILE', message, line ? `${file}:${line}` : file)] };
}

function lineOfJsonError(text: string, err: unknown): number | undefined {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return undefined;
  return text.slice(0, Number(m[1])).split('\n').length;
}

const firstLine = (s: string): string => s.split('\n')[0] as string;

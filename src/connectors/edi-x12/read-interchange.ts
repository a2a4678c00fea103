import { X12Interchange, X12Parser, type X12Segment } from 'node-x12';
import type { Delimiters, FunctionalGroup, Interchange, Segment, TransactionSet } from './x12-model.ts';

export type ReadResult =
  | { readonly ok: true; readonly interchange: Interchange; readonly diagnostics: readonly string[] }
  | { readonly ok: false; readonly where: string; readonly reason: string };

const ISA_ELEMENTS = 16;

/**
 * Splits one X12 interchange into envelopes and segments with node-x12, after taking the
 * delimiters from the ISA itself: the element separator is the ISA's fourth character, the
 * component separator is ISA16 and the segment terminator is the character after it (a line break
 * when segments only end with one). The ISA is read by counting element separators, not by fixed
 * offsets, so an ISA with a short field (103 characters instead of 106) is still read. A leading
 * BOM, CR/LF after terminators and indentation between segments are layout, not content.
 */
export function readInterchange(raw: string): ReadResult {
  const text = raw.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (!text.startsWith('ISA')) return refuse('ISA', 'not an X12 interchange: the text does not start with an ISA segment');
  const element = text.charAt(3);
  if (!isDelimiter(element)) return refuse('ISA', `the character after "ISA" (${show(element)}) cannot be an element separator`);
  let at = 3;
  for (let seen = 0; seen < ISA_ELEMENTS; at++) {
    if (at >= text.length) return refuse('ISA', 'the ISA segment ends before its 16th element');
    if (text.charAt(at) === element) seen++;
  }
  // `at` is now the index of ISA16 (one character), the terminator follows it.
  const component = text.charAt(at);
  const terminatorChar = text.charAt(at + 1);
  const lineBreaks = /[\r\n]/.test(terminatorChar) || /[\r\n]/.test(text.charAt(at + 2));
  const segment = terminatorChar === '\r' || terminatorChar === '\n' ? '\n' : terminatorChar;
  if (!isDelimiter(component) || component === element) {
    return refuse('ISA16', `ISA16 (${show(component)}) cannot be a component separator`);
  }
  if (segment !== '\n' && (!isDelimiter(segment) || segment === element || segment === component)) {
    return refuse('ISA', `the character after ISA16 (${show(segment)}) cannot be a segment terminator`);
  }
  const delimiters: Delimiters = { element, component, segment, lineBreaks };
  const isa = text.slice(4, at + 1).split(element);
  let body = segment === '\n' ? text.replace(/\r\n?/g, '\n') : text;
  body = body.trimEnd();
  if (!body.endsWith(segment)) body += segment;
  const interchanges = body.split(segment).filter((s) => s.trimStart().startsWith(`ISA${element}`)).length;
  if (interchanges > 1) {
    return refuse('ISA', `the message holds ${interchanges} interchanges (ISA…IEA); send one interchange per message`);
  }
  const parser = new X12Parser(false);
  let parsed: unknown;
  try {
    parsed = parser.parse(body, { elementDelimiter: element, segmentTerminator: segment, subElementDelimiter: component });
  } catch (e) {
    return refuse('ISA', `node-x12 could not parse the interchange: ${(e as Error).message}`);
  }
  if (!(parsed instanceof X12Interchange) || parsed.header === undefined) {
    return refuse('ISA', 'node-x12 found no interchange header');
  }
  const outside = parser.diagnostics.filter((d) => /outside of|Missing (GS|ST)/.test(d.message));
  if (outside.length > 0) {
    const d = outside[0]!;
    return refuse(`line ${d.range.start.line + 1}`, `segment out of its envelope: ${d.message.replace(/^X12 Standard: /, '')}`);
  }
  const groups: FunctionalGroup[] = parsed.functionalGroups.map((g) => ({
    header: toSegment(g.header, 0),
    sets: g.transactions.map(toSet),
    trailer: g.trailer === undefined ? undefined : toSegment(g.trailer, 0),
  }));
  return {
    ok: true,
    interchange: {
      isa,
      isaLength: at + 2,
      delimiters,
      groups,
      trailer: parsed.trailer === undefined ? undefined : toSegment(parsed.trailer, 0),
    },
    diagnostics: parser.diagnostics.map((d) => d.message),
  };
}

function toSet(t: { header: X12Segment; segments: X12Segment[]; trailer: X12Segment }): TransactionSet {
  return {
    header: toSegment(t.header, 1),
    body: t.segments.map((s, i) => toSegment(s, i + 2)),
    trailer: t.trailer === undefined ? undefined : toSegment(t.trailer, t.segments.length + 2),
  };
}

const toSegment = (s: X12Segment, position: number): Segment => ({
  tag: s.tag,
  elements: s.elements.map((e) => e.value),
  position,
});

const isDelimiter = (c: string): boolean => c.length === 1 && !/[A-Za-z0-9\s]/.test(c);

const show = (c: string): string => (c === '' ? 'nothing' : JSON.stringify(c));

const refuse = (where: string, reason: string): ReadResult => ({ ok: false, where, reason });

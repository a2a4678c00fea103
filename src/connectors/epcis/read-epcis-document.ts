import { type Problem, problem } from '../../domain/index.ts';
import { isRecord, type JsonObject } from './json-value.ts';

export type DocumentRead =
  | { readonly ok: true; readonly type: string; readonly events: readonly unknown[]; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problem: Problem };

/**
 * The event list of an EPCIS 2.0 JSON / JSON-LD document: `epcisBody.eventList` of an
 * EPCISDocument, or `epcisBody.queryResults.resultsBody.eventList` of an EPCISQueryDocument. The
 * `@context` may be one string or an array of strings and objects (namespace prefixes for
 * extensions); the document is read as plain JSON — prefixed extension keys are kept out of the
 * way, not expanded. A text input is parsed first (a leading BOM is dropped).
 */
export function readEpcisDocument(input: unknown): DocumentRead {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      return refuse('(document)', `not JSON: ${(e as Error).message}`);
    }
  }
  if (!isRecord(doc)) return refuse('(document)', 'an EPCIS document is a JSON object');
  const warnings: Problem[] = [];
  const type = doc['type'];
  if (type !== 'EPCISDocument' && type !== 'EPCISQueryDocument') {
    return refuse('type', `type ${JSON.stringify(type)} is neither EPCISDocument nor EPCISQueryDocument`);
  }
  const context = doc['@context'];
  if (context === undefined) warnings.push(problem('MESSAGE_QUIRK', 'no @context: read as EPCIS 2.0 JSON anyway', '@context'));
  else if (!(typeof context === 'string' || (Array.isArray(context) && context.every((c) => typeof c === 'string' || isRecord(c))))) {
    return refuse('@context', '@context must be a string or an array of strings and objects');
  }
  if (doc['schemaVersion'] !== '2.0') {
    warnings.push(problem('MESSAGE_QUIRK', `schemaVersion is ${JSON.stringify(doc['schemaVersion'])}, not "2.0": read as EPCIS 2.0`, 'schemaVersion'));
  }
  const body = doc['epcisBody'];
  if (!isRecord(body)) return refuse('epcisBody', 'epcisBody is missing or not an object');
  let holder: JsonObject | undefined = body;
  let path = 'epcisBody.eventList';
  if (type === 'EPCISQueryDocument') {
    const results = body['queryResults'];
    const resultsBody = isRecord(results) ? results['resultsBody'] : undefined;
    holder = isRecord(resultsBody) ? resultsBody : undefined;
    path = 'epcisBody.queryResults.resultsBody.eventList';
  }
  const events = holder?.['eventList'];
  if (!Array.isArray(events)) return refuse(path, `${path} is missing or not an array`);
  return { ok: true, type, events, warnings };
}

const refuse = (where: string, message: string): DocumentRead => ({ ok: false, problem: problem('MALFORMED_MESSAGE', message, where) });

import { problem } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import type { Prepared } from './decide-batch.ts';
import { parseInboundEvent } from './event-schema.ts';
import { mapEvent } from './map-event.ts';

/**
 * Shape check, then mapping through master data (pure). `location` says where the input came from.
 * The payload a dead letter keeps is the text as received, or the JSON of the caller's object; for an
 * object that passes both checks it is written only if the decision refuses the event (most are
 * applied), so the caller's object is not to change while it is being ingested.
 */
export function prepareEvent(raw: unknown, md: MasterDataIndex, location?: string): Prepared {
  const text = typeof raw === 'string' ? raw : undefined;
  if (text !== undefined) {
    // Text as received (a line of a file, a request body): parse here so the payload kept is exact.
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, eventId: null, source: null, problems: [problem('MALFORMED_EVENT', `not valid JSON: ${why}`, '(event)')], payload: text, location };
    }
  }
  const parsed = parseInboundEvent(raw);
  if (!parsed.ok) {
    const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const id = typeof obj.id === 'string' ? obj.id : null;
    const source = typeof obj.source === 'string' ? obj.source : null;
    return { ok: false, eventId: id, source, problems: parsed.problems, payload: text ?? JSON.stringify(raw), location };
  }
  const mapped = mapEvent(parsed.event, md);
  if (!mapped.ok) {
    return { ok: false, eventId: parsed.event.id, source: parsed.event.source, problems: mapped.problems, payload: text ?? JSON.stringify(raw), location };
  }
  const original = raw;
  return { ok: true, event: mapped.event, payload: text ?? (() => JSON.stringify(original)), location };
}

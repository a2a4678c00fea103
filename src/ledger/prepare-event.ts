import { problem } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import type { Prepared } from './decide-batch.ts';
import { parseInboundEvent } from './event-schema.ts';
import { mapEvent } from './map-event.ts';

/** Shape check, then mapping through master data (pure). `location` says where the input came from. */
export function prepareEvent(raw: unknown, md: MasterDataIndex, location?: string): Prepared {
  const payload = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (typeof raw === 'string') {
    // Text as received (a line of a file, a request body): parse here so the payload kept is exact.
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, eventId: null, source: null, problems: [problem('MALFORMED_EVENT', `not valid JSON: ${why}`, '(event)')], payload, location };
    }
  }
  const parsed = parseInboundEvent(raw);
  if (!parsed.ok) {
    const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const id = typeof obj.id === 'string' ? obj.id : null;
    const source = typeof obj.source === 'string' ? obj.source : null;
    return { ok: false, eventId: id, source, problems: parsed.problems, payload, location };
  }
  const mapped = mapEvent(parsed.event, md);
  if (!mapped.ok) return { ok: false, eventId: parsed.event.id, source: parsed.event.source, problems: mapped.problems, payload, location };
  return { ok: true, event: mapped.event, payload, location };
}
